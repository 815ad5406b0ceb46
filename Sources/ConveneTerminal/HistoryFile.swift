import Foundation

/// Where the REPL's history lives: `$XDG_STATE_HOME/convene/history`, else
/// `~/.local/state/convene/history`; `CONVENE_HISTORY` overrides and `/dev/null` turns it off.
public enum HistoryFile {
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["CONVENE_HISTORY"], !explicit.isEmpty {
            return explicit == "/dev/null" ? nil : explicit
        }
        let base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        }
        return base + "/convene/history"
    }
}
