/// A plan's preparation sheet: the materials by activity, how to set the room, and what to print,
/// read off the cards so that nothing is discovered only when its activity comes up. Library text
/// is sanitized: a library folder may come from anyone.
public struct PrepSheet: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var step: Int
        public var id: String
        public var title: String
        public var minutes: Int
        public var materials: [String]
    }

    public var title: String
    public var plannedMinutes: Int
    /// Activities in agenda order (pulses and the break left out unless they need something).
    public var entries: [Entry]
    public var pulses: Int
    public var setup: [String]
    public var toPrint: [String]
    /// The library's on-demand cards (interrupts for when harm or a block happens): never on the
    /// agenda, so the facilitator has them ready instead.
    public var haveReady: [String]
    /// What the plan's cards need recruited, booked or paid ahead, with its lead time.
    public var arrangeAhead: [String]

    /// What a room needs for an activity, found in its materials and steps, and the line it gets.
    static let setupRules: [(words: [String], line: String)] = [
        (
            [
                "wall space", "wall sheet", "poster", "flip chart", "chart paper", "paper roll", "long sheet", "large sheet", "large paper",
                "large grid",
            ], "Wall space, tape and markers for sheets and posters"
        ),
        (["separate room", "separate space", "a corner", "quiet corner", "quiet room"], "A second room or a quiet corner"),
        (["inner circle", "circle", "chairs"], "Chairs that move, for a circle or a fishbowl"),
        (["pairs", "pair ", "trios", "small groups", "tables of", "caucus"], "Space for pairs or small groups to talk without being overheard"),
        (["screen", "projector"], "A screen everyone can read"),
        (["stand ", "line on the floor", "walk", "compass"], "Open floor to stand and move, with a route for anyone who cannot"),
        (["interpret", "transmitter", "every language"], "Interpretation: interpreters, equipment and translated materials"),
    ]
    /// Materials that are paper to prepare in advance.
    static let printWords = [
        "print", "copies", "handout", "question sheet", "ballot", "one-page", "one page", "template", "card for each", "summary",
    ]

    public init(title: String, items: [(id: String, minutes: Int)], library: Library, size: Int? = nil) {
        self.title = title
        plannedMinutes = items.reduce(0) { $0 + $1.minutes }
        var entries: [Entry] = []
        var pulses = 0
        var setupNeeds: [String: [String]] = [:]
        var toPrint: [String] = []
        var arrangeAhead: [String] = []
        for (index, item) in items.enumerated() {
            guard let activity = library[item.id] else { continue }
            if activity.isPulse {
                pulses += 1
                continue
            }
            if let prep = activity.prep, !arrangeAhead.contains(where: { $0.hasPrefix(prep) }) {
                arrangeAhead.append("\(prep) (\(activity.title))")
            }
            if !activity.materials.isEmpty {
                entries.append(Entry(step: index + 1, id: activity.id, title: activity.title, minutes: item.minutes, materials: activity.materials))
            }
            let text = (activity.materials + activity.steps.map(\.text)).joined(separator: " · ").lowercased()
            for rule in Self.setupRules where rule.words.contains(where: text.contains) {
                setupNeeds[rule.line, default: []].append(activity.title)
            }
            for material in activity.materials where Self.printWords.contains(where: material.lowercased().contains) {
                toPrint.append("\(material) (\(activity.title))")
            }
        }
        self.entries = entries
        self.pulses = pulses
        setup = Self.setupRules.compactMap { rule in
            setupNeeds[rule.line].map { "\(rule.line): \(Array(Set($0)).sorted().joined(separator: ", "))" }
        }
        self.toPrint = ["This agenda, one copy per table"] + toPrint
        self.arrangeAhead = arrangeAhead
        haveReady = library.sortedActivities.filter { $0.schedule == .onDemand && (size.map($0.group.fits) ?? true) }.map {
            "\($0.title) (\($0.id)), \($0.minutes.min)–\($0.minutes.max) min"
        }
    }

    public init(plan: Plan, library: Library, size: Int? = nil) {
        self.init(
            title: plan.title, items: plan.agenda.map { ($0.id, library.minutes(of: $0, size: size ?? plan.size)) }, library: library,
            size: size ?? plan.size)
    }

    var pulseLine: String? {
        pulses == 0
            ? nil
            : "\(pulses) pulse\(pulses == 1 ? "" : "s"): the participants' page (/web) on a network phones can reach, or the keyboard for a pass round"
    }

    public func lines() -> [OutputLine] {
        func clean(_ text: String) -> String { TerminalText.sanitize(text, singleLine: true) }
        var lines: [OutputLine] = [
            .heading("Preparation · \(clean(title)) · \(plannedMinutes) min planned"), .blank(), OutputLine("Materials by activity", .emphasis),
        ]
        if entries.isEmpty { lines.append(.dim("  nothing to bring")) }
        for entry in entries {
            lines.append(OutputLine("  \(entry.step). \(clean(entry.title)) · \(entry.minutes) min"))
            lines += entry.materials.map { OutputLine("     - \(clean($0))") }
        }
        if let pulseLine { lines.append(OutputLine("  \(pulseLine)")) }
        lines += [.blank(), OutputLine("Room set-up", .emphasis)]
        lines += setup.isEmpty ? [.dim("  a table everyone can sit at")] : setup.map { OutputLine("  - \(clean($0))") }
        lines += [.blank(), OutputLine("To print", .emphasis)] + toPrint.map { OutputLine("  - \(clean($0))") }
        if !arrangeAhead.isEmpty {
            lines += [.blank(), OutputLine("Arrange ahead", .emphasis)] + arrangeAhead.map { OutputLine("  - \(clean($0))") }
        }
        if !haveReady.isEmpty {
            lines += [.blank(), OutputLine("Have ready (never on the agenda; use when it happens)", .emphasis)]
            lines += haveReady.map { OutputLine("  - \(clean($0))") }
        }
        return lines
    }

    public func markdown() -> String {
        func clean(_ text: String) -> String { TerminalText.sanitize(text, singleLine: true) }
        var out = ["# Preparation: \(clean(title))", "", "\(plannedMinutes) minutes planned.", "", "## Materials by activity", ""]
        if entries.isEmpty { out.append("Nothing to bring.") }
        for entry in entries {
            out.append("### \(entry.step). \(clean(entry.title)) (\(entry.minutes) min)")
            out.append("")
            out += entry.materials.map { "- [ ] \(clean($0))" }
            out.append("")
        }
        if let pulseLine { out += ["- [ ] \(pulseLine)", ""] }
        out += ["## Room set-up", ""] + (setup.isEmpty ? ["- A table everyone can sit at"] : setup.map { "- \(clean($0))" })
        out += ["", "## To print", ""] + toPrint.map { "- [ ] \(clean($0))" }
        if !arrangeAhead.isEmpty { out += ["", "## Arrange ahead", ""] + arrangeAhead.map { "- [ ] \(clean($0))" } }
        if !haveReady.isEmpty {
            out += ["", "## Have ready", "", "Never on the agenda; use when it happens.", ""] + haveReady.map { "- [ ] \(clean($0))" }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
