import ArgumentParser
import Foundation

/// Options every command takes. Each falls back to its environment variable, then to the config
/// file (Configuration), then to its built-in default.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store file (default $XDG_DATA_HOME/convene/convene.sqlite; env CONVENE_STORE; config store). Its folder must exist.",
            valueName: "PATH"))
    var store: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A folder of your own activities and plans; they override shipped ones by id (env CONVENE_LIBRARY; config library).", valueName: "DIR"))
    var library: String?

    @Flag(name: .customLong("no-color"), help: "No colour (also NO_COLOR, TERM=dumb, output that is not a terminal, or config color: off).")
    var noColor = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var configuration: Configuration { .loaded }

    /// The flag given on this command line for a setting, if any (`config` shows where each came from).
    func flag(for key: SettingKey) -> String? {
        switch key.name {
        case SettingKey.store.name: store
        case SettingKey.library.name: library
        case SettingKey.color.name: noColor ? "off" : nil
        default: nil
        }
    }

    /// The store file and where its path came from: only the built-in default's folder is made
    /// when missing, so that a mistyped --store is refused instead of becoming a new, empty store.
    var storeChoice: Configuration.Value {
        if let chosen = configuration.value(.store, flag: store) {
            return Configuration.Value(text: Self.absolute(chosen.text), source: chosen.source)
        }
        let data: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            data = xdg
        } else {
            data = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return Configuration.Value(text: data + "/convene/convene.sqlite", source: .builtIn)
    }

    var ownLibrary: String? { Self.configuredLibrary(flag: library, configuration: configuration) }

    static func configuredLibrary(flag: String?, configuration: Configuration) -> String? {
        configuration.value(.library, flag: flag).map { absolute($0.text) }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let environment = ProcessInfo.processInfo.environment
        if path.hasPrefix("~/") { return (environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst(1) }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}
