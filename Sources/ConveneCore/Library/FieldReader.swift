import Yams

/// Reads typed fields out of a YAML mapping and records every problem with its file line,
/// so that lint can list them all and the loader can report the first.
final class FieldReader {
    let file: String
    /// Added to a YAML line to get the file line (front matter starts after the opening `---`).
    let lineOffset: Int
    let prefix: String
    let line: Int
    private let sink: ProblemSink
    private(set) var keys: [(name: String, line: Int, value: Node)] = []

    final class ProblemSink {
        var problems: [LibraryProblem] = []
    }

    var problems: [LibraryProblem] { sink.problems }
    var sinkForNested: ProblemSink { sink }

    init(file: String, node: Node, lineOffset: Int, prefix: String = "", sink: ProblemSink = ProblemSink(), line: Int? = nil) {
        self.file = file
        self.lineOffset = lineOffset
        self.prefix = prefix
        self.sink = sink
        self.line = line ?? ((node.mark?.line ?? 1) + lineOffset)
        if let mapping = node.mapping {
            for (key, value) in mapping {
                let name = key.string ?? String(describing: key)
                let line = (key.mark?.line ?? 1) + lineOffset
                if keys.contains(where: { $0.name == name }) {
                    report(line, "field \"\(prefix)\(name)\" appears twice")
                }
                keys.append((name, line, value))
            }
        } else {
            report(self.line, prefix.isEmpty ? "expected a mapping of fields" : "\"\(prefix.dropLast())\" must be a mapping like {min: 1, max: 5}")
        }
    }

    func report(_ line: Int, _ message: String) {
        sink.problems.append(LibraryProblem(file: file, line: line, message: message))
    }

    func lineOf(_ node: Node) -> Int { (node.mark?.line ?? 1) + lineOffset }

    func has(_ key: String) -> Bool { keys.contains { $0.name == key } }

    func lineOf(key: String) -> Int { keys.first { $0.name == key }?.line ?? line }

    func rejectUnknown(allowed: Set<String>) {
        for key in keys where !allowed.contains(key.name) {
            report(key.line, "unknown field \"\(prefix)\(key.name)\"")
        }
    }

    private func value(_ key: String, required: Bool) -> (line: Int, node: Node)? {
        if let found = keys.first(where: { $0.name == key }) {
            if case .scalar(let scalar) = found.value, scalar.style == .plain, ["", "~", "null"].contains(scalar.string) {
                if required { report(found.line, "\"\(prefix)\(key)\" is empty") }
                return nil
            }
            return (found.line, found.value)
        }
        if required { report(line, "missing field \"\(prefix)\(key)\"") }
        return nil
    }

    func string(_ key: String, required: Bool = true) -> String? {
        guard let (line, node) = value(key, required: required) else { return nil }
        guard case .scalar(let scalar) = node else {
            report(line, "\"\(prefix)\(key)\" must be text")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            report(line, "\"\(prefix)\(key)\" is empty")
            return nil
        }
        return text
    }

    func int(_ key: String, required: Bool = true) -> Int? {
        guard let (line, node) = value(key, required: required) else { return nil }
        guard case .scalar(let scalar) = node, let number = Int(scalar.string.trimmingCharacters(in: .whitespaces)) else {
            report(line, "\"\(prefix)\(key)\" must be a whole number")
            return nil
        }
        return number
    }

    func bool(_ key: String, required: Bool = true) -> Bool? {
        guard let (line, node) = value(key, required: required) else { return nil }
        guard case .scalar(let scalar) = node, let flag = Bool(scalar.string.lowercased()) else {
            report(line, "\"\(prefix)\(key)\" must be true or false")
            return nil
        }
        return flag
    }

    func oneOf<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = true) -> E? where E.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        if let result = E(rawValue: text) { return result }
        report(lineOf(key: key), "\"\(prefix)\(key)\" must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")) (got \"\(text)\")")
        return nil
    }

    func stringList(_ key: String, required: Bool = true) -> [(String, Int)]? {
        guard let (line, node) = value(key, required: required) else { return nil }
        guard let sequence = node.sequence else {
            report(line, "\"\(prefix)\(key)\" must be a list like [a, b]")
            return nil
        }
        var items: [(String, Int)] = []
        for item in sequence {
            guard case .scalar(let scalar) = item else {
                report(lineOf(item), "\"\(prefix)\(key)\" must list plain words")
                continue
            }
            // A comma inside brackets splits a [a, b] list: "(sunny, storm)" would become two
            // half-items, so an unclosed bracket is the author's cue to quote the item.
            let text = scalar.string
            if scalar.style == .plain, text.filter({ $0 == "(" }).count != text.filter({ $0 == ")" }).count {
                report(lineOf(item), "\"\(prefix)\(key)\" has an item with an unclosed bracket (\"\(text)\"): put an item holding a comma in quotes")
                continue
            }
            items.append((text.trimmingCharacters(in: .whitespaces), lineOf(item)))
        }
        return items
    }

    func listOf<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = true, what: String) -> [E]?
    where E.RawValue == String {
        guard let items = stringList(key, required: required) else { return nil }
        var result: [E] = []
        for (text, line) in items {
            if let value = E(rawValue: text) {
                result.append(value)
            } else {
                report(line, "unknown \(what) \"\(text)\" in \"\(prefix)\(key)\" (known: \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        if required && items.isEmpty { report(lineOf(key: key), "\"\(prefix)\(key)\" must name at least one \(what)") }
        return result
    }

    func nested(_ key: String, required: Bool = true) -> FieldReader? {
        guard let (line, node) = value(key, required: required) else { return nil }
        return FieldReader(file: file, node: node, lineOffset: lineOffset, prefix: "\(prefix)\(key).", sink: sink, line: line)
    }
}
