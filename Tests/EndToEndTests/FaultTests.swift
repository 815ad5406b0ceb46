import Foundation
import Testing

/// kill -9 during sessions and web bursts, a full disk, a read-only store, two REPLs on one store.
/// `make test` runs a short loop; `make faults` runs the long one (250 kills).
@Suite struct FaultTests {
    @Test func killsFullDiskReadOnlyAndTwoREPLsLoseNothing() throws {
        let sandbox = Sandbox()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("scripts")
        process.arguments = ["python3", folder.appendingPathComponent("faults.py").path, Sandbox.binary, sandbox.folder, "30"]
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("0 lost"))
        #expect(text.contains("faults ok"))
    }
}
