import ConveneCore
import Foundation

/// The prompt says where the session is: `convene[steering 3/7 Things I suck at 04:12]> `, with the
/// countdown of the current activity and the answers to an open pulse (never their values).
public enum Prompt {
    public static func text(for state: SessionState, now: Date) -> String {
        guard let index = state.currentIndex else { return "convene> " }
        let item = state.agenda[index]
        let group = shorten(state.group, to: 18)
        let title = shorten(item.title, to: 28)
        let clock = state.timer?.label(at: now) ?? "--:--"
        // The count of answers, never their values; "of N" once the room is counted, so a full room shows.
        let pulse = state.openPulse.map { " · pulse \($0.number): \($0.answers.count)" + (state.headcount.map { " of \($0)" } ?? "") } ?? ""
        return "convene[\(group) \(index + 1)/\(state.agenda.count) \(title) \(clock)\(pulse)]> "
    }

    static func shorten(_ text: String, to length: Int) -> String {
        let clean = TerminalText.sanitize(text, singleLine: true)
        return clean.count <= length ? clean : String(clean.prefix(length - 1)) + "…"
    }
}
