/// A plan a facilitator asks for, from `convene plan` or the home screen's /generate: the one path
/// from what was typed to a generated plan, so the same words on the same day give the same plan
/// wherever they were typed.
public struct PlanOrder: Sendable, Equatable {
    public var minutes: Int
    public var focus: [CollaborativeValue]
    /// How many people will take part.
    public var size: Int?
    /// nil: the day's seed (`seed(forDay:)`), so a day's plans repeat.
    public var seed: UInt64?
    public var title: String?
    /// The group's own items, in order (`--item`).
    public var items: [BusinessItem]
    /// Languages the meeting is interpreted into (`--languages es,vi`).
    public var languages: [String]

    public init(
        minutes: Int, focus: [CollaborativeValue] = [], size: Int? = nil, seed: UInt64? = nil, title: String? = nil, items: [BusinessItem] = [],
        languages: [String] = []
    ) {
        self.minutes = minutes
        self.focus = focus
        self.size = size
        self.seed = seed
        self.title = title
        self.items = items
        self.languages = languages
    }

    /// Comma-separated language codes ("es,vi"), each as a plan's `languages:` allows.
    public static func languages(_ text: String) throws(CoreError) -> [String] {
        var codes: [String] = []
        for code in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !code.isEmpty {
            if let problem = PlanParser.languageProblem(code) { throw .usage(problem) }
            if !codes.contains(code) { codes.append(code) }
        }
        return codes
    }

    /// The group a plan is made for: what it did lately is avoided, its strongest signal answered.
    public struct ForGroup: Sendable {
        public var name: String
        public var recent: Set<String>
        public var signals: [Signal]

        public init(name: String, recent: Set<String>, signals: [Signal]) {
            self.name = name
            self.recent = recent
            self.signals = signals
        }
    }

    /// Comma-separated values ("inclusion,learning"), each one of `CollaborativeValue`'s.
    public static func values(_ text: String) throws(CoreError) -> [CollaborativeValue] {
        var values: [CollaborativeValue] = []
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !word.isEmpty {
            guard let value = CollaborativeValue(rawValue: word) else {
                throw .usage(
                    "'\(TerminalText.sanitize(word, singleLine: true))' is not one of: \(CollaborativeValue.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            values.append(value)
        }
        return values
    }

    /// The seed of a civil day, "2026-03-14" → 20260314.
    public static func seed(forDay day: String) -> UInt64 {
        UInt64(day.replacingOccurrences(of: "-", with: "")) ?? 1
    }

    /// The plan, its notes saying how it was made (so it can be made again).
    public func plan(library: Library, day: String, group: ForGroup? = nil) throws(CoreError) -> Plan {
        let seed = seed ?? Self.seed(forDay: day)
        var plan = try PlanGenerator(library: library).generate(
            .init(
                minutes: minutes, focus: focus, groupSize: size, seed: seed, recent: group?.recent ?? [], signals: group?.signals ?? [],
                title: title.map { TerminalText.sanitize($0, singleLine: true) }, items: items, languages: languages))
        var notes = "Generated for \(minutes) minutes with seed \(seed)"
        if !focus.isEmpty { notes += ", covering \(focus.map(\.rawValue).joined(separator: ", "))" }
        if let size { notes += ", for \(size) people" }
        if !items.isEmpty { notes += ", around \(items.count) item\(items.count == 1 ? "" : "s")" }
        if let group { notes += ", avoiding what \(group.name) did in its last 3 sessions" }
        plan.notes = notes + "." + (plan.notes.map { " " + $0 } ?? "")
        return plan
    }
}
