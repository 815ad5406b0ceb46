import Foundation

/// Long output at a terminal goes through `$PAGER` (default `less -FRX`: it quits at once when the
/// text fits the screen, keeps colours, and leaves the text on the screen after).
enum Pager {
    /// Pages `text`; false when no pager could run (the caller then prints it).
    static func page(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        let command = environment["PAGER"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } ?? "less -FRX"
        // PAGER=cat (or an empty command) means no pager, as git reads it.
        guard command != "cat" else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        process.standardInput = input
        do {
            try process.run()
        } catch {
            return false
        }
        // A pager that quits early closes the pipe: the rest is not needed.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return true
    }
}
