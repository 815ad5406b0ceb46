import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `convene` binary in a private sandbox: its own store, history and state folders.
final class Sandbox: @unchecked Sendable {
    let folder: String
    var store: String { folder + "/store.sqlite" }

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("convene-e2e-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["CONVENE_BIN"] { return explicit }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [runner, runner.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("convene").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/convene").standardized.path
    }

    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    }

    /// Changes to `environment` for the runs that follow: a value sets a variable, nil removes it.
    var overrides: [String: String?] = [:]

    /// The config file convene reads in this sandbox ($XDG_CONFIG_HOME/convene/config.yaml).
    var configFile: String { folder + "/config/convene/config.yaml" }

    func writeConfig(_ text: String) throws {
        try FileManager.default.createDirectory(atPath: folder + "/config/convene", withIntermediateDirectories: true)
        try text.write(toFile: configFile, atomically: true, encoding: .utf8)
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CONVENE_STORE"] = store
        env["XDG_STATE_HOME"] = folder + "/state"
        env["XDG_DATA_HOME"] = folder + "/data"
        env["XDG_CONFIG_HOME"] = folder + "/config"
        env["HOME"] = folder
        env["NO_COLOR"] = "1"
        for name in ["CONVENE_HISTORY", "CONVENE_LIBRARY", "CONVENE_NETWORK", "CONVENE_WEB_BIND"] { env.removeValue(forKey: name) }
        for (name, value) in overrides { env[name] = value }
        return env
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs one of the Python checks under Tests/EndToEndTests (pty/ or scripts/) against the
    /// built binary, in this sandbox; stdout and stderr together.
    func python(_ script: String, _ arguments: [String] = [], passBinary: Bool = true) throws -> Result {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path.path] + (passBinary ? [Self.binary, folder] : []) + arguments
        process.currentDirectoryURL = path.deletingLastPathComponent()
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    /// Runs convene with `input` piped to its standard input and waits for it.
    @discardableResult
    func run(_ arguments: [String], input: Data = Data(), directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? folder)
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errors = Reader(stderr.fileHandleForReading)
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: errors.finish())
    }

    func run(_ arguments: [String], input: String, directory: String? = nil) throws -> Result {
        try run(arguments, input: Data(input.utf8), directory: directory)
    }

    /// Reads a pipe to its end on a thread of its own, so neither pipe can fill and block the child.
    final class Reader: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }.start()
        }

        func finish() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}

/// A convene process left running with its standard input a pipe: lines are sent as the test goes,
/// the output read until a text shows, and the process stopped with no goodbye (kill -9).
final class RunningConvene {
    let process = Process()
    let stdin = Pipe()
    let stdout = Pipe()
    private(set) var seen = ""

    init(_ arguments: [String], in sandbox: Sandbox) throws {
        process.executableURL = URL(fileURLWithPath: Sandbox.binary)
        process.arguments = arguments
        process.environment = sandbox.environment
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func send(_ text: String) { stdin.fileHandleForWriting.write(Data(text.utf8)) }

    /// Reads the output until `text` shows (or the output ends, or 20 s pass); whether it showed.
    @discardableResult
    func wait(for text: String, seconds: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !seen.contains(text), Date() < deadline {
            let data = stdout.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        return seen.contains(text)
    }

    /// kill -9, and the wait for it to be gone.
    func killNine() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
