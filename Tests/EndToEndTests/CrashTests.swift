import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct CrashTests {
    /// kill -9 mid pass round, then a read command; and a script ending mid-round: the files keep
    /// the answers in key order only (issue 12, finding 2).
    @Test func aCrashMidRoundLeavesNoAnsweringOrder() throws {
        let result = try Sandbox().python("scripts/crash_order.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all crash order checks passed"))
    }

    /// kill -9 in the middle of a session: every note that was acknowledged is still there.
    @Test func killNineLosesNoAcknowledgedNote() throws {
        let sandbox = Sandbox()
        let running = try RunningConvene(["start", "monthly-steering", "--group", "Crash"], in: sandbox)
        var acknowledged: [String] = []
        for index in 1...25 {
            let note = "acknowledged note \(index)"
            running.send(note + "\n")
            guard running.wait(for: "noted (\(index) on this activity)") else { throw CancellationError() }
            acknowledged.append(note)
        }
        // One more line is sent but the process dies before (or while) answering it.
        running.send("maybe lost note\n")
        running.killNine()
        let process = running.process
        #expect(process.terminationReason == .uncaughtSignal)

        let resumed = try sandbox.run(["resume"], input: "/end\n")
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        for note in acknowledged {
            #expect(resumed.stdout.contains("- \(note)\n"))
        }
        let check = try sandbox.run(["sessions", "show", "1", "--format", "json"])
        #expect(check.stdout.contains("\"status\" : \"ended\""))
    }
}
