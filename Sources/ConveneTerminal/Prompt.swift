import ConveneCore
import Foundation

/// The prompt says where the session is, most important first: the step, the countdown and the
/// answers to an open pulse (never their values), then the group's name when it fits:
/// `convene[3/7 04:12 · pulse 1: 4 of 9 · Steering]> `. It takes at most a third of the width
/// (the title is on the card), so a 60-column projector keeps 40 columns to type in.
public enum Prompt {
    public static func text(for state: SessionState, now: Date, width: Int = 120) -> String {
        guard let index = state.currentIndex else { return "convene> " }
        let budget = max(20, min(width, 1000) / 3)
        let place = "\(index + 1)/\(state.agenda.count) \(state.timer?.label(at: now) ?? "--:--")"
        // The count of answers, never their values; "of N" once the room is counted, so a full room shows.
        let pulse = state.openPulse.map { pulse in
            (
                long: " · pulse \(pulse.number): \(pulse.answers.count)" + (state.headcount.map { " of \($0)" } ?? ""),
                short: " p\(pulse.number) \(pulse.answers.count)" + (state.headcount.map { "/\($0)" } ?? "")
            )
        }
        var core = place + (pulse?.long ?? "")
        if "convene[\(core)]> ".count > budget, let pulse { core = place + pulse.short }
        let wrapper = "convene[\(core)]> ".count <= budget ? (open: "convene[", close: "]> ") : (open: "[", close: "]> ")
        let bare = wrapper.open + core + wrapper.close
        // The group's name in the room left, shortened but never to a stub.
        let room = budget - bare.count - 3
        let group = TerminalText.sanitize(state.group, singleLine: true)
        guard room >= min(8, group.count), !group.isEmpty else { return bare }
        return wrapper.open + core + " · " + TerminalText.truncate(group, toWidth: room) + wrapper.close
    }
}
