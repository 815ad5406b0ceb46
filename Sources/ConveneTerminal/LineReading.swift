/// Where the REPL's lines come from: the line editor at a terminal, a pipe in scripts and tests.
public protocol LineReading: AnyObject {
    func readLine(prompt: String) -> LineInput
    /// A line that is not shown as it is typed (every prompt of a pass round).
    func readSecret(prompt: String) -> LineInput
    /// A reader for one participant of a pass round: no history and no kill buffer from anyone else.
    func participantReader() -> LineReading
    /// True while lines are private: kept out of history and completion.
    var isPrivate: Bool { get set }
    /// Runs `body` (a whole pass round) with the keyboard's echo off, so a key typed between two
    /// prompts is not shown either.
    func withoutEcho<T>(_ body: () -> T) -> T
}

extension LineReading {
    /// A pipe echoes nothing.
    public func withoutEcho<T>(_ body: () -> T) -> T { body() }
}

public enum LineInput: Equatable, Sendable {
    case line(String)
    /// Ctrl-C: the line was abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
    /// Bytes that are not UTF-8 text; the message says where.
    case invalid(String)
}
