/// `convene config set` and `unset`: one key's line rewritten in the facilitator's own file, every
/// other line (comments, order, other keys) left as it was.
extension ConfigFile {
    /// The file's text with `key` set to `value` (nil removes it). The result is read back: it must
    /// hold exactly the value given, or the file is left alone.
    public static func text(_ text: String, path: String, setting key: String, to value: String?) throws(ConfigError) -> String {
        let file = try parse(text, path: path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let line = value.map { "\(key): \(YAMLScalar.quoted($0))" }
        if let entry = file.entry(key) {
            // A value written over several lines (a folded scalar) would leave its tail behind: the
            // lines up to the next key may only be blank or comments.
            let next = file.entries.map(\.line).filter { $0 > entry.line }.min() ?? lines.count + 1
            guard entry.line <= lines.count, lines[entry.line..<max(entry.line, next - 1)].allSatisfy(Self.isBlankOrComment) else {
                throw file.problem(entry, "spans several lines: edit the file by hand")
            }
            if let line { lines[entry.line - 1] = line } else { lines.remove(at: entry.line - 1) }
        } else if let line {
            lines.append(line)
        }
        let result = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        let check = try parse(result, path: path)
        let expected = file.entries.count + (file.entry(key) == nil ? 1 : 0) - (value == nil && file.entry(key) != nil ? 1 : 0)
        guard check.entry(key)?.value == value, check.entries.count == expected else {
            throw ConfigError(
                file: path, line: file.entry(key)?.line ?? lines.count, key: key,
                message: "could not be written back as one line: edit the file by hand")
        }
        return result
    }

    static func isBlankOrComment(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }
}
