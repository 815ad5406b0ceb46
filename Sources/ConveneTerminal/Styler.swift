import ConveneCore

/// Turns output lines into terminal text: wrapped to the width, coloured when allowed. Colour codes
/// are added here, after the core has sanitized every piece of text it did not write itself.
public struct Styler: Sendable {
    public var colour: Bool
    public var width: Int

    public init(colour: Bool, width: Int) {
        self.colour = colour
        self.width = width
    }

    public func render(_ lines: [OutputLine]) -> String {
        var out = ""
        for line in lines {
            let pieces = line.wraps && TerminalText.displayWidth(line.text) > width ? TerminalText.wrap(line.text, width: width) : [line.text]
            for piece in pieces {
                out += paint(piece, line.style)
                out += "\n"
            }
        }
        return out
    }

    public func paint(_ text: String, _ style: OutputLine.Style) -> String {
        guard colour, !text.isEmpty else { return text }
        let code: String
        switch style {
        case .plain: return text
        case .heading: code = "1;36"
        case .dim: code = "2"
        case .emphasis: code = "1"
        case .success: code = "32"
        case .warning: code = "33"
        case .error: code = "1;31"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
