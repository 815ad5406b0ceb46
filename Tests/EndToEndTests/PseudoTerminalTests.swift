import Foundation
import Testing

@Suite struct PseudoTerminalTests {
    /// Runs the pexpect script against the real binary in a pseudo-terminal (TERM=dumb).
    func runScript(_ name: String) throws -> Sandbox.Result {
        try Sandbox().python("pty/\(name)")
    }

    @Test func aTimerNoticeKeepsTheHalfTypedLine() throws {
        let result = try runScript("timer_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all timer checks passed"))
    }

    @Test func thePromptKeepsCountWhileIdle() throws {
        let result = try runScript("prompt_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all prompt checks passed"))
    }

    @Test func passTheKeyboardRound() throws {
        let result = try runScript("pass_round_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all pass round checks passed"))
    }

    /// Issue 26: the close word typed at a participant's answer, at the next person's Enter or at a
    /// segment choice ends the round and never reaches the screen.
    @Test func theCloseWordIsNeverEchoedWhereverItIsTyped() throws {
        let result = try runScript("close_word_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all close word checks passed"))
    }

    @Test func completionCtrlCCtrlDAndHistory() throws {
        let result = try runScript("terminal_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all terminal checks passed"))
    }

    /// Issue 25: resized from 100 to 60 columns mid-session, replies fit the new width; long
    /// output goes through $PAGER at a terminal and never in a script.
    @Test func theScreenFollowsTheTerminalAndLongOutputIsPaged() throws {
        let result = try runScript("screen_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all screen checks passed"))
    }

    @Test func sixtyColumnsFortyRowsAndTheLineEndsOfCtrlCAndCtrlD() throws {
        let result = try runScript("layout_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all layout checks passed"))
    }

    @Test func seatsAreAskedAboutOnceAndASegmentedRoundClearsTheScreen() throws {
        let result = try runScript("seat_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all seat checks passed"))
    }
}
