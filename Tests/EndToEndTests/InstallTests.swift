import Foundation
import Testing

/// An installed convene finds the library installed beside it (`../share/convene`), also when the
/// shell finds it on PATH and argv[0] is only its name.
@Suite struct InstallTests {
    @Test func theLibraryBesideAnInstalledBinaryIsFoundThroughPath() throws {
        let sandbox = Sandbox()
        let manager = FileManager.default
        let prefix = sandbox.folder + "/usr"
        try manager.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: prefix + "/share/convene", withIntermediateDirectories: true)
        do {
            try manager.linkItem(atPath: Sandbox.binary, toPath: prefix + "/bin/convene")
        } catch {
            try manager.copyItem(atPath: Sandbox.binary, toPath: prefix + "/bin/convene")
        }
        for folder in ["activities", "sessions"] {
            try manager.copyItem(atPath: Sandbox.repository + "/" + folder, toPath: prefix + "/share/convene/" + folder)
        }
        // The installed copy differs from the source tree, so the output shows which one was read.
        let card = prefix + "/share/convene/activities/after-action-review.md"
        let text = try String(contentsOfFile: card, encoding: .utf8)
        try text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Installed ").write(toFile: card, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["convene", "activities", "show", "after-action-review"]
        var environment = sandbox.environment
        environment["PATH"] = prefix + "/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["XDG_CACHE_HOME"] = sandbox.folder + "/cache"
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("Installed "), "\(output)")
    }
}
