/// One line of what a command shows; the terminal decides how a style looks (or that it has no colour),
/// and fits the line to its width: prose wraps, a table row wraps its last column under itself
/// (`hang`), a bar takes the room that is left (`bar`).
public struct OutputLine: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case plain, heading, dim, emphasis, success, warning, error
    }

    /// A bar drawn after the text, as long as `fraction` of `longest` or of the room the width leaves.
    public struct Bar: Sendable, Equatable {
        public var fraction: Double
        public var after: String
        public var longest: Int

        public init(fraction: Double, after: String = "", longest: Int = 30) {
            self.fraction = fraction
            self.after = after
            self.longest = longest
        }

        /// The bar's blocks in `room` columns: at least one for any share above nothing.
        public func blocks(room: Int) -> String {
            let length = min(longest, max(1, room))
            let count = fraction <= 0 ? 0 : max(1, Int((min(1, fraction) * Double(length)).rounded()))
            return String(repeating: "█", count: count)
        }
    }

    public var text: String
    public var style: Style
    /// Whether the terminal may wrap this line to its width (pre-formatted text may not).
    public var wraps: Bool
    /// For a table row: the columns its continuation lines are indented by, so the first columns stay aligned.
    public var hang: Int?
    public var bar: Bar?

    public init(_ text: String, _ style: Style = .plain, wraps: Bool = true, hang: Int? = nil, bar: Bar? = nil) {
        self.text = text
        self.style = style
        self.wraps = wraps
        self.hang = hang
        self.bar = bar
    }

    public static func heading(_ text: String) -> OutputLine { OutputLine(text, .heading) }
    public static func dim(_ text: String) -> OutputLine { OutputLine(text, .dim) }
    public static func blank() -> OutputLine { OutputLine("") }

    /// The line as text of at most `width` columns where it can be (one piece per screen line).
    public func fitted(width: Int) -> [String] {
        if let bar {
            let room = width - TerminalText.displayWidth(text) - TerminalText.displayWidth(bar.after) - 1
            return [text + bar.blocks(room: room) + bar.after]
        }
        guard wraps, TerminalText.displayWidth(text) > width else { return [text] }
        if let hang { return TerminalText.wrap(text, width: width, hang: hang) }
        return TerminalText.wrap(text, width: width)
    }
}
