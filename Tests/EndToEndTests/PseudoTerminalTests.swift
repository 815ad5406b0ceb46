import Foundation
import Testing

@Suite struct PseudoTerminalTests {
    /// Runs the pexpect script against the real binary in a pseudo-terminal (TERM=dumb).
    func runScript(_ name: String) throws -> Sandbox.Result {
        let sandbox = Sandbox()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("pty/\(name)").path
        process.arguments = ["python3", script, Sandbox.binary, sandbox.folder]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Sandbox.Result(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    @Test func aTimerNoticeKeepsTheHalfTypedLine() throws {
        let result = try runScript("timer_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all timer checks passed"))
    }

    @Test func passTheKeyboardRound() throws {
        let result = try runScript("pass_round_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all pass round checks passed"))
    }

    @Test func completionCtrlCCtrlDAndHistory() throws {
        let result = try runScript("terminal_checks.py")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("all terminal checks passed"))
    }
}
