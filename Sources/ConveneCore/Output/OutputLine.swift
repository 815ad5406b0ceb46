/// One line of what a command shows; the terminal decides how a style looks (or that it has no colour).
public struct OutputLine: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case plain, heading, dim, emphasis, success, warning, error
    }

    public var text: String
    public var style: Style
    /// Whether the terminal may wrap this line to its width (tables and pre-formatted text may not).
    public var wraps: Bool

    public init(_ text: String, _ style: Style = .plain, wraps: Bool = true) {
        self.text = text
        self.style = style
        self.wraps = wraps
    }

    public static func heading(_ text: String) -> OutputLine { OutputLine(text, .heading) }
    public static func dim(_ text: String) -> OutputLine { OutputLine(text, .dim) }
    public static func blank() -> OutputLine { OutputLine("") }
}
