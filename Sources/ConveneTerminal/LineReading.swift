/// A source of REPL lines: libedit on a terminal, plain lines from a pipe.
public protocol LineReading: AnyObject {
    func readLine(prompt: String) -> LineInput
    /// True while lines are participants' answers: kept out of history and completion.
    var isPrivate: Bool { get set }
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
