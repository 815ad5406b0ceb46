import Foundation
import Yams

/// Parses a plan (`sessions/NAME.yaml`). Ids are checked against the library separately.
public enum PlanParser {
    public struct Result: Sendable {
        public var plan: Plan?
        public var problems: [LibraryProblem]
    }

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
        reader.rejectUnknown(allowed: ["title", "minutes", "focus", "notes", "agenda"])
        let title = reader.string("title")
        let minutes = reader.int("minutes")
        if let minutes, minutes <= 0 { reader.report(reader.lineOf(key: "minutes"), "\"minutes\" must be more than 0") }
        let focus = reader.listOf("focus", CollaborativeValue.self, required: false, what: "value") ?? []
        let notes = reader.string("notes", required: false)
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
        return Result(plan: Plan(name: name, title: title, minutes: minutes, focus: focus, notes: notes, agenda: items, source: file), problems: [])
    }

    static func parseItem(_ entry: Node, reader: FieldReader) -> Plan.Item? {
        let line = reader.lineOf(entry)
        if case .scalar(let scalar) = entry {
            return Plan.Item(id: scalar.string.trimmingCharacters(in: .whitespaces), line: line)
        }
        guard entry.mapping != nil else {
            reader.report(line, "an agenda item must be an id, {activity: ID, minutes: N} or {pulse: ID}")
            return nil
        }
        let fields = FieldReader(file: reader.file, node: entry, lineOffset: reader.lineOffset, sink: reader.sinkForNested, line: line)
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
            fields.report(line, "an agenda item names either \"activity\" or \"pulse\"")
            return nil
        }
    }
}
