import ConveneCore

/// Turns output lines into terminal text: fitted to the width (see `OutputLine.fitted`), coloured
/// when allowed, and for a card cut to the screen's rows. Colour codes are added here, after the
/// core has sanitized every piece of text it did not write itself.
public struct Styler: Sendable {
    public var colour: Bool
    public var width: Int
    /// The terminal's rows; `.max` when output is not a terminal (nothing is cut).
    public var height: Int

    public init(colour: Bool, width: Int, height: Int = .max) {
        self.colour = colour
        self.width = width
        self.height = height
    }

    public func render(_ lines: [OutputLine]) -> String {
        pieces(lines).map { paint($0.text, $0.style) + "\n" }.joined()
    }

    /// What fits one screen above the prompt: the first rows of the output, and a line saying how
    /// much more `/card` shows. On a 40-row projector the opening keeps what the group carries in
    /// sight instead of scrolling it off under a long card.
    public func renderFirstScreen(_ lines: [OutputLine]) -> String {
        let all = pieces(lines)
        // One row for the prompt, one for the line about the rest.
        let room = height == .max ? .max : max(8, height - 2)
        guard all.count > room else { return render(lines) }
        let shown = all.prefix(room).map { paint($0.text, $0.style) + "\n" }.joined()
        return shown + paint("… \(all.count - room) more lines: /card shows the whole card.", .dim) + "\n"
    }

    func pieces(_ lines: [OutputLine]) -> [(text: String, style: OutputLine.Style)] {
        lines.flatMap { line in line.fitted(width: width).map { ($0, line.style) } }
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
