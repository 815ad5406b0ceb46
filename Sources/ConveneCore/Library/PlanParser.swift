import Foundation
import Yams

/// Parses a plan (`sessions/NAME.yaml`). Ids are checked against the library separately.
public enum PlanParser {
    public struct Result: Sendable {
        public var plan: Plan?
        public var problems: [LibraryProblem]
    }

    /// The most people a plan may be timed for.
    public static let maxSize = 1000

    public static func parse(file: String, text: String) -> Result {
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                return Result(plan: nil, problems: [LibraryProblem(file: file, line: 1, message: "the plan is empty")])
            }
            node = composed
        } catch {
            let line = ActivityParser.yamlErrorLine(error)
            return Result(
                plan: nil, problems: [LibraryProblem(file: file, line: line, message: "not valid YAML: \(ActivityParser.yamlProblem(error))")])
        }
        let reader = FieldReader(file: file, node: node, lineOffset: 0)
        reader.rejectUnknown(allowed: ["title", "minutes", "focus", "notes", "agenda", "size", "languages"])
        let title = reader.string("title")
        let minutes = reader.int("minutes")
        if let minutes, minutes <= 0 { reader.report(reader.lineOf(key: "minutes"), "\"minutes\" must be more than 0") }
        let focus = reader.listOf("focus", CollaborativeValue.self, required: false, what: "value") ?? []
        let notes = reader.string("notes", required: false)
        let size = reader.int("size", required: false)
        if let size, !(1...maxSize).contains(size) {
            reader.report(reader.lineOf(key: "size"), "\"size\" is how many people take part, from 1 to \(maxSize) (got \(size))")
        }
        var languages: [String] = []
        for (code, line) in reader.stringList("languages", required: false) ?? [] {
            if let problem = languageProblem(code) {
                reader.report(line, "\"languages\": \(problem)")
            } else if languages.contains(code) {
                reader.report(line, "\"languages\" names \"\(code)\" twice")
            } else {
                languages.append(code)
            }
        }
        var items: [Plan.Item] = []
        if let agendaNode = reader.keys.first(where: { $0.name == "agenda" }) {
            if let sequence = agendaNode.value.sequence {
                for entry in sequence {
                    if let item = parseItem(entry, reader: reader) { items.append(item) }
                }
                if sequence.isEmpty { reader.report(agendaNode.line, "\"agenda\" lists no activities") }
            } else {
                reader.report(agendaNode.line, "\"agenda\" must be a list of activity ids")
            }
        } else {
            reader.report(reader.line, "missing field \"agenda\"")
        }
        let base = (file as NSString).lastPathComponent
        let name = base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base.hasSuffix(".yml") ? String(base.dropLast(4)) : base
        guard reader.problems.isEmpty, let title, let minutes else { return Result(plan: nil, problems: reader.problems) }
        return Result(
            plan: Plan(
                name: name, title: title, minutes: minutes, focus: focus, notes: notes, agenda: items, source: file, size: size,
                languages: languages), problems: [])
    }

    /// Why a language code is not one, or nil: two or three lowercase letters ("es", "vi", "hmn"),
    /// English being the room's own.
    public static func languageProblem(_ code: String) -> String? {
        guard (2...3).contains(code.count), code.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else {
            return "\"\(TerminalText.sanitize(code, singleLine: true))\" is not a language code: use two or three lowercase letters, like es or vi"
        }
        return code == "en" ? "English is the room's own language: list only the languages interpreted into" : nil
    }

    static func parseItem(_ entry: Node, reader: FieldReader) -> Plan.Item? {
        let line = reader.lineOf(entry)
        if case .scalar(let scalar) = entry {
            return Plan.Item(id: scalar.string.trimmingCharacters(in: .whitespaces), line: line)
        }
        guard entry.mapping != nil else {
            reader.report(line, "an agenda item must be an id, {activity: ID, minutes: N}, {pulse: ID} or {item: \"TITLE\", purpose: P, minutes: N}")
            return nil
        }
        let fields = FieldReader(file: reader.file, node: entry, lineOffset: reader.lineOffset, sink: reader.sinkForNested, line: line)
        if fields.has("item") { return parseBusiness(fields, line: line) }
        fields.rejectUnknown(allowed: ["activity", "pulse", "minutes"])
        let minutes = fields.int("minutes", required: false)
        if let minutes, minutes <= 0 { fields.report(line, "\"minutes\" must be more than 0") }
        switch (fields.has("activity"), fields.has("pulse")) {
        case (true, false):
            guard let id = fields.string("activity") else { return nil }
            return Plan.Item(id: id, minutes: minutes, line: line)
        case (false, true):
            guard let id = fields.string("pulse") else { return nil }
            return Plan.Item(id: id, minutes: minutes, isPulse: true, line: line)
        default:
            fields.report(line, "an agenda item names either \"activity\", \"pulse\" or \"item\"")
            return nil
        }
    }

    /// `{item: "TITLE", purpose: inform|discuss|decide, minutes: N, lead: "…", method: M}`.
    static func parseBusiness(_ fields: FieldReader, line: Int) -> Plan.Item? {
        fields.rejectUnknown(allowed: ["item", "purpose", "minutes", "lead", "method"])
        let before = fields.problems.count
        let title = fields.string("item")
        if let title, let problem = BusinessItem.textProblem(title, field: "item") { fields.report(fields.lineOf(key: "item"), problem) }
        let purpose = fields.oneOf("purpose", BusinessItem.Purpose.self)
        let minutes = fields.int("minutes")
        if let minutes, !BusinessItem.minutesRange.contains(minutes) {
            fields.report(
                fields.lineOf(key: "minutes"),
                "\"minutes\" of an item must be from \(BusinessItem.minutesRange.lowerBound) to \(BusinessItem.minutesRange.upperBound) (got \(minutes))"
            )
        }
        let lead = fields.string("lead", required: false)
        if let lead, let problem = BusinessItem.textProblem(lead, field: "lead") { fields.report(fields.lineOf(key: "lead"), problem) }
        let method = fields.oneOf("method", DecisionMethod.self, required: false)
        if method != nil, let purpose, purpose != .decide {
            fields.report(fields.lineOf(key: "method"), "\"method\" is how a decide item is decided; this item's purpose is \(purpose.rawValue)")
        }
        guard fields.problems.count == before, let title, let purpose, let minutes else { return nil }
        return Plan.Item(
            id: "", minutes: minutes, line: line, business: BusinessItem(title: title, purpose: purpose, minutes: minutes, lead: lead, method: method)
        )
    }
}
