import Foundation

/// swift-argument-parser's messages for a value it cannot use, rewritten as DESIGN.md's error
/// lines, "--kind: 'bogus' is not one of: a, b, c": the option first, then what is wrong with the
/// value, one error a line. The shapes read here are those of the pinned version (1.8.2); an
/// unknown shape passes through as it is.
enum ArgumentErrorText {
    static func lines(_ message: String) -> [String] {
        let lines = message.split(separator: "\n").map(String.init)
        guard let first = lines.first else { return [] }
        if let rewritten = invalidValue(first, rest: Array(lines.dropFirst())) { return [rewritten] }
        if let option = between(first, "Missing value for '", "'") {
            return ["\(name(of: option)): needs a value"]
        }
        if let option = between(first, "Missing expected argument '", "'") {
            return ["\(name(of: option)): required"]
        }
        return lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// "The value 'V' is invalid for '--name <v>'" followed by ": REASON" (a transform's error),
    /// ". Please provide one of 'a', 'b' and 'c'." or ". Please provide one of the following:" and
    /// "  - a" lines (an enum), or nothing (a number).
    static func invalidValue(_ line: String, rest: [String]) -> String? {
        let prefix = "The value '"
        guard line.hasPrefix(prefix), let forRange = line.range(of: "' is invalid for '") else { return nil }
        let value = String(line[line.index(line.startIndex, offsetBy: prefix.count)..<forRange.lowerBound])
        let tail = line[forRange.upperBound...]
        guard let close = tail.firstIndex(of: "'") else { return nil }
        let option = name(of: String(tail[..<close]))
        let after = String(tail[tail.index(after: close)...])
        if after.hasPrefix(": ") { return "\(option): \(after.dropFirst(2))" }
        if after.hasPrefix(". Please provide one of the following:") {
            let values = rest.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("- ") }.map { String($0.dropFirst(2)) }
            return "\(option): '\(value)' is not one of: \(values.joined(separator: ", "))"
        }
        if after.hasPrefix(". Please provide one of ") {
            // "'a' and 'b'" or "'a', 'b' or 'c'": the quoted words are the values.
            let values = after.split(separator: "'", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            return "\(option): '\(value)' is not one of: \(values.joined(separator: ", "))"
        }
        return "\(option): '\(value)' is not a valid value"
    }

    /// "--minutes <minutes>" → "--minutes"; "<id>" → "id".
    static func name(of synopsis: String) -> String {
        if synopsis.hasPrefix("<") { return String(synopsis.dropFirst().prefix { $0 != ">" }) }
        return String(synopsis.prefix { $0 != " " })
    }

    static func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let open = text.range(of: start) else { return nil }
        let tail = text[open.upperBound...]
        guard let close = tail.range(of: end) else { return nil }
        return String(tail[..<close.lowerBound])
    }
}
