/// Makes any text safe to print on a terminal. Participant answers, notes and library files pass
/// through here before they reach the screen: control characters, escape sequences (CSI, OSC 52
/// clipboard writes, OSC 8 links, DCS) and bidirectional overrides are shown as visible text, so they
/// can neither drive the terminal nor disguise what is written. Convene's own colours are added after.
public enum TerminalText {
    public static func sanitize(_ text: String, singleLine: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09:
                out.append(singleLine ? " " : scalar)
            case 0x0A:
                if singleLine { out.append(" ") } else { out.append(scalar) }
            case 0x00...0x1F:
                // Caret notation: ESC becomes "^[", CR "^M"; the sequence that followed is now plain text.
                out.append("^")
                out.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0xFFF9...0xFFFB:
                out.append(contentsOf: visible(scalar).unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Escapes, inside JSON text, the characters a terminal would act on but JSON leaves raw (C1
    /// controls, bidirectional controls, line separators): the data is unchanged, the screen is safe.
    public static func escapeJSON(_ json: String) -> String {
        // Plain ASCII (the usual case, and megabytes for a long history) needs nothing.
        if json.utf8.allSatisfy({ $0 < 0x7F }) { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            switch scalar.value {
            case 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0xFFF9...0xFFFB:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// Wraps text to a width, keeping words whole where possible and indenting continuation lines.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        let width = max(20, width)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let lead = String(paragraph.prefix { $0 == " " })
            let hanging = lead + (listMarker(paragraph.dropFirst(lead.count)) ?? "")
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? indent + lead + word : line + " " + word
                if displayWidth(candidate) > width, !line.isEmpty {
                    lines.append(line)
                    line = indent + String(repeating: " ", count: hanging.count) + word
                } else {
                    line = candidate
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// Text cut to `width` columns with an ellipsis (a label in a table column, a name in the prompt).
    public static func truncate(_ text: String, toWidth width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var out = ""
        for character in text {
            if displayWidth(out + String(character)) > max(0, width - 1) { break }
            out.append(character)
        }
        return out + "…"
    }

    /// Wraps a table row: its first `hang` columns stay as they are (aligned with the rows above),
    /// the rest wraps beneath them. When that leaves the rest too narrow a column (a 60-column
    /// projector), the row is stacked instead: its first columns on a line, the rest indented below.
    public static func wrap(_ text: String, width: Int, hang: Int) -> [String] {
        if width - hang < 30 {
            let split = text.index(text.startIndex, offsetBy: min(hang, text.count))
            let head = text[..<split].trimmingCharacters(in: .whitespaces)
            let lead = String(text.prefix { $0 == " " })
            // A row with nothing in its first columns continues the row above: it takes a table's usual lead.
            let indent = (head.isEmpty ? "  " : lead) + "    "
            let rest = wrap(text[split...].trimmingCharacters(in: .whitespaces), width: width, indent: indent)
            return (head.isEmpty ? [] : [lead + head]) + rest
        }
        var head = ""
        var used = 0
        var rest = Substring(text)
        while let character = rest.first, used + displayWidth(String(character)) <= hang {
            head.append(character)
            used += displayWidth(String(character))
            rest = rest.dropFirst()
        }
        let pad = String(repeating: " ", count: used)
        return wrap(String(rest), width: width - used).enumerated().map { ($0.offset == 0 ? head : pad) + $0.element }
    }

    static func listMarker(_ text: Substring) -> String? {
        if text.hasPrefix("- ") || text.hasPrefix("* ") { return "  " }
        let digits = text.prefix { $0.isNumber && $0.isASCII }
        if !digits.isEmpty, text.dropFirst(digits.count).hasPrefix(". ") { return String(repeating: " ", count: digits.count + 2) }
        return nil
    }

    /// Columns a string takes, counting wide East Asian characters and emoji as two.
    public static func displayWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F, 0x200B...0x200D, 0xFE00...0xFE0F: continue
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF,
                0x20000...0x3FFFD:
                width += 2
            default:
                width += 1
            }
        }
        return width
    }
}
