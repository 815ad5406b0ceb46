import Foundation
import Yams

/// Parses one `activities/ID.md` file: YAML front matter, then `## ` Markdown sections.
/// Every problem is collected with its line, so lint can list them all.
public enum ActivityParser {
    public static let activitySections = ["Purpose", "Steps", "Say", "Debrief", "Watch for", "Variations"]
    static let activityFields: Set<String> = [
        "id", "title", "kind", "values", "minutes", "group", "intensity", "addresses", "follow-with", "materials",
        "phase", "per-person", "schedule", "prep",
    ]
    /// The longest `prep:` line: one thing to arrange, not a checklist.
    public static let maxPrepLength = 240
    /// The shortest and longest turn a round may give each person.
    public static let perPersonSeconds = 5...600
    /// The most minutes a round may add at its largest group: beyond that, split the room.
    public static let maxRoundExtraMinutes = 60
    static let pulseFields: Set<String> = [
        "id", "title", "kind", "question", "question-es", "answer", "scale", "measures", "reverse", "values", "addresses",
    ]

    public struct Result: Sendable {
        public var activity: Activity?
        public var problems: [LibraryProblem]
    }

    public static func parse(file: String, text: String) -> Result {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        func fail(_ line: Int, _ message: String) -> Result {
            Result(activity: nil, problems: [LibraryProblem(file: file, line: line, message: message)])
        }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            return fail(1, "missing front matter: the file must start with a line \"---\"")
        }
        guard let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }) else {
            return fail(1, "front matter is not closed: add a line \"---\" after the fields")
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else { return fail(2, "front matter is empty") }
            node = composed
        } catch {
            return fail(yamlErrorLine(error) + 1, "front matter is not valid YAML: \(yamlProblem(error))")
        }
        let reader = FieldReader(file: file, node: node, lineOffset: 1)
        let id = reader.string("id")
        if let id {
            if !isKebab(id) {
                reader.report(reader.lineOf(key: "id"), "\"id\" must be lowercase words joined by hyphens (got \"\(id)\")")
            }
            let base = (file as NSString).lastPathComponent
            if base.hasSuffix(".md"), base.dropLast(3) != id {
                reader.report(reader.lineOf(key: "id"), "\"id\" is \"\(id)\" but the file is named \(base); they must match")
            }
        }
        let title = reader.string("title")
        let kind = reader.oneOf("kind", ActivityKind.self)
        let values = reader.listOf("values", CollaborativeValue.self, what: "value")
        let isPulse = kind == .pulse
        reader.rejectUnknown(allowed: isPulse ? pulseFields : activityFields)

        let body = parseSections(lines: lines, after: close, file: file, reader: reader)
        var minutes = Activity.Minutes(min: 1, typical: 3, max: 5)
        var minutesKnown = false
        var group = Activity.GroupSize(min: 1, max: 1000)
        var intensity = Intensity.low
        var addresses: [SignalID] = []
        var pulse: PulseSpec?
        var followWith: String?
        var materials: [String] = []
        var phase: Phase?
        var perPerson: Int?
        var schedule = ActivitySchedule.agenda
        var prep: String?

        if isPulse {
            addresses = reader.listOf("addresses", SignalID.self, required: false, what: "signal id") ?? []
            let question = reader.string("question")
            // Every word a participant reads is in their language: the Spanish text is part of a pulse.
            let questionES = reader.string("question-es")
            let answer = reader.oneOf("answer", PulseSpec.Answer.self)
            let measures = reader.oneOf("measures", PulseSpec.Measure.self)
            let reverse = reader.bool("reverse")
            var scale: PulseSpec.Scale?
            if answer == .scale || reader.has("scale") {
                if let s = reader.nested("scale", required: answer == .scale) {
                    s.rejectUnknown(allowed: ["min", "max", "low-label", "high-label", "low-label-es", "high-label-es"])
                    let low = s.int("min")
                    let high = s.int("max")
                    let lowLabel = s.string("low-label")
                    let highLabel = s.string("high-label")
                    let lowLabelES = s.string("low-label-es")
                    let highLabelES = s.string("high-label-es")
                    if let low, let high {
                        if low >= high { s.report(s.line, "\"scale.min\" must be less than \"scale.max\"") }
                        if high - low > 10 { s.report(s.line, "a scale may have at most 11 points") }
                        scale = .init(
                            min: low, max: high, lowLabel: lowLabel ?? "", highLabel: highLabel ?? "", lowLabelES: lowLabelES,
                            highLabelES: highLabelES)
                    }
                }
            }
            if !body.sections.contains(where: { $0.heading.caseInsensitiveCompare("Purpose") == .orderedSame }) {
                reader.report(lines.count, "missing section \"## Purpose\"")
            }
            if let question, let answer, let measures, let reverse {
                pulse = PulseSpec(question: question, questionES: questionES, answer: answer, scale: scale, measures: measures, reverse: reverse)
            }
        } else {
            if let m = reader.nested("minutes") {
                m.rejectUnknown(allowed: ["min", "typical", "max"])
                if let low = m.int("min"), let typical = m.int("typical"), let high = m.int("max") {
                    if !(1 <= low && low <= typical && typical <= high) {
                        m.report(m.line, "\"minutes\" must have 1 <= min <= typical <= max (got \(low), \(typical), \(high))")
                    }
                    minutes = .init(min: low, typical: typical, max: high)
                    minutesKnown = true
                }
            }
            if let g = reader.nested("group") {
                g.rejectUnknown(allowed: ["min", "max"])
                if let low = g.int("min"), let high = g.int("max") {
                    if !(1 <= low && low <= high) { g.report(g.line, "\"group\" must have 1 <= min <= max (got \(low), \(high))") }
                    group = .init(min: low, max: high)
                }
            }
            intensity = reader.oneOf("intensity", Intensity.self) ?? .low
            addresses = reader.listOf("addresses", SignalID.self, what: "signal id") ?? []
            followWith = reader.string("follow-with", required: false)
            materials = (reader.stringList("materials", required: false) ?? []).map(\.0)
            var lastLine = close + 1
            for heading in activitySections {
                if let section = body.sections.first(where: { $0.heading.caseInsensitiveCompare(heading) == .orderedSame }) {
                    lastLine = section.line
                    if section.body.isEmpty { reader.report(section.line, "section \"## \(heading)\" is empty") }
                } else {
                    reader.report(lastLine, "missing section \"## \(heading)\"")
                }
            }
            let total = body.steps.compactMap(\.minutes).reduce(0, +)
            // Headings match whatever their case, as the section check above does.
            let stepsLine = body.sections.first { $0.heading.caseInsensitiveCompare("Steps") == .orderedSame }?.line
            if body.steps.isEmpty, let line = stepsLine {
                reader.report(line, "\"## Steps\" must be a numbered list: \"1. What happens (5 min)\"")
            }
            if minutesKnown, total > minutes.max, let line = stepsLine {
                reader.report(line, "steps add up to \(total) min, more than minutes.max \(minutes.max)")
            }
            // Read last, so a card's older problems keep coming first.
            phase = reader.oneOf("phase", Phase.self)
            if let phase, let kind, let expected = [ActivityKind.checkin: Phase.open, .checkout: .close][kind], phase != expected {
                reader.report(
                    reader.lineOf(key: "phase"),
                    "a \(kind.label) opens or closes a meeting: \"phase\" must be \(expected.rawValue) (got \(phase.rawValue))")
            }
            perPerson = reader.int("per-person", required: false)
            let round = body.steps.first(where: isRound)
            if let seconds = perPerson {
                let line = reader.lineOf(key: "per-person")
                if !perPersonSeconds.contains(seconds) {
                    reader.report(
                        line,
                        "\"per-person\" is seconds each person speaks, from \(perPersonSeconds.lowerBound) to \(perPersonSeconds.upperBound) (got \(seconds))"
                    )
                } else if minutesKnown {
                    let needed = (seconds * group.min + 59) / 60
                    if needed > minutes.min {
                        reader.report(line, "\(group.min) people at \(seconds) s each take \(needed) min, more than minutes.min \(minutes.min)")
                    }
                    let extra = (seconds * (group.max - group.min) + 59) / 60
                    if extra > maxRoundExtraMinutes {
                        reader.report(
                            line,
                            "at group.max \(group.max) the round adds \(extra) min at \(seconds) s each: lower group.max (at most \(maxRoundExtraMinutes) min more than at group.min)"
                        )
                    }
                }
            } else if let round {
                reader.report(round.line, "a round where everyone speaks in turn needs \"per-person: SECONDS\" so its minutes grow with the group")
            }
            schedule = reader.oneOf("schedule", ActivitySchedule.self, required: false) ?? .agenda
            // A meeting cannot open, close or pause on demand: those are what a plan is made of.
            if schedule == .onDemand, let kind, [ActivityKind.checkin, .checkout, .pause].contains(kind) {
                reader.report(reader.lineOf(key: "schedule"), "a \(kind.label) is part of every plan: it cannot be \"schedule: on-demand\"")
            }
            prep = reader.string("prep", required: false)
            if let text = prep {
                let line = reader.lineOf(key: "prep")
                if text.count > maxPrepLength {
                    reader.report(line, "\"prep\" is one thing to arrange, at most \(maxPrepLength) characters (got \(text.count))")
                } else if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    reader.report(line, "\"prep\" must be one line of text")
                } else if !hasLeadTime(text) {
                    reader.report(line, "\"prep\" must say its lead time, like \"3 weeks ahead\" or \"10 days before\" (got \"\(text)\")")
                }
            }
        }

        guard reader.problems.isEmpty, let id, let title, let kind, let values else {
            return Result(activity: nil, problems: reader.problems)
        }
        let activity = Activity(
            id: id, title: title, kind: kind, values: values, minutes: minutes, group: group, intensity: intensity,
            addresses: addresses, followWith: followWith, phase: phase, perPerson: perPerson, materials: materials, schedule: schedule,
            prep: prep, pulse: pulse,
            sections: body.sections.map { .init(heading: $0.heading, body: $0.body) },
            steps: body.steps.map { .init(text: $0.text, minutes: $0.minutes) }, source: file
        )
        return Result(activity: activity, problems: [])
    }

    struct ParsedSection {
        var heading: String
        var line: Int
        var body: String
    }
    struct ParsedStep {
        var text: String
        var minutes: Int?
        var line: Int
    }

    static func parseSections(lines: [String], after close: Int, file: String, reader: FieldReader) -> (
        sections: [ParsedSection], steps: [ParsedStep]
    ) {
        var sections: [ParsedSection] = []
        var bodyLines: [String] = []
        func flush() {
            guard !sections.isEmpty else { return }
            sections[sections.count - 1].body = bodyLines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            bodyLines = []
        }
        var steps: [ParsedStep] = []
        for index in (close + 1)..<lines.count {
            let line = lines[index]
            let lineNumber = index + 1
            if line.hasPrefix("## ") {
                flush()
                let heading = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                if sections.contains(where: { $0.heading.caseInsensitiveCompare(heading) == .orderedSame }) {
                    reader.report(lineNumber, "section \"## \(heading)\" appears twice")
                }
                sections.append(ParsedSection(heading: heading, line: lineNumber, body: ""))
                continue
            }
            bodyLines.append(line)
            if sections.last?.heading.caseInsensitiveCompare("Steps") == .orderedSame {
                if let step = parseStep(line) {
                    if step.minutes == nil {
                        reader.report(lineNumber, "step \(steps.count + 1) has no minutes: end it with \"(N min)\"")
                    }
                    steps.append(ParsedStep(text: step.text, minutes: step.minutes, line: lineNumber))
                } else if !line.trimmingCharacters(in: .whitespaces).isEmpty, !steps.isEmpty {
                    steps[steps.count - 1].text += " " + line.trimmingCharacters(in: .whitespaces)
                }
            }
        }
        flush()
        return (sections, steps)
    }

    /// "3. Silent writing (5 min)" → ("Silent writing", 5)
    static func parseStep(_ line: String) -> (text: String, minutes: Int?)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let dot = trimmed.firstIndex(of: "."), dot > trimmed.startIndex,
            trimmed[..<dot].allSatisfy(\.isASCII), trimmed[..<dot].allSatisfy(\.isNumber)
        else { return nil }
        var text = trimmed[trimmed.index(after: dot)...].trimmingCharacters(in: .whitespaces)
        var minutes: Int?
        if text.hasSuffix(")"), let open = text.lastIndex(of: "(") {
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
                .trimmingCharacters(in: .whitespaces)
            let parts = inner.split(separator: " ")
            if parts.count == 2, ["min", "mins", "minutes"].contains(parts[1]), let n = Int(parts[0]) {
                minutes = n
                text = text[..<open].trimmingCharacters(in: .whitespaces)
            }
        }
        return (text, minutes)
    }

    /// A step where everyone speaks in turn: "Round: ...", "First round: ...", "Round-robin: ...".
    static func isRound(_ step: ParsedStep) -> Bool {
        let text = step.text.lowercased()
        let label = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return text.hasPrefix("round")
            || (text.contains(":") && label.split(separator: " ").count <= 3 && label.split(separator: " ").contains { $0.hasPrefix("round") })
    }

    /// "3 weeks ahead", "ten days before", "a month ahead": a number (or "a") and a unit of days or more.
    static func hasLeadTime(_ text: String) -> Bool {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let counts: Set<String> = ["a", "one", "two", "three", "four", "five", "six", "seven", "eight", "ten", "twelve", "several"]
        let units: Set<String> = ["day", "days", "week", "weeks", "month", "months"]
        return zip(words, words.dropFirst()).contains { count, unit in
            units.contains(unit) && (Int(count) != nil || counts.contains(count))
        }
    }

    static func isKebab(_ id: String) -> Bool {
        !id.isEmpty && !id.hasPrefix("-") && !id.hasSuffix("-") && !id.contains("--")
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func yamlErrorLine(_ error: Error) -> Int {
        guard let error = error as? YamlError else { return 1 }
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        default:
            return 1
        }
    }

    static func yamlProblem(_ error: Error) -> String {
        guard let error = error as? YamlError else { return String(describing: error) }
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated keys \(duplicates.joined(separator: ", "))"
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }
}
