import Foundation

/// The summary of a session: what was planned, what happened, what was said. The same data renders
/// as Markdown (to share), JSON (for tools) and plain text.
public struct SessionSummary: Sendable {
    public struct Item: Codable, Sendable, Equatable {
        public var step: Int
        public var id: String
        public var title: String
        public var plannedMinutes: Int
        public var actualMinutes: Int
        public var skipped: Bool
        public var notes: [String]
    }

    public struct Document: Codable, Sendable, Equatable {
        /// The store's id (what `sessions show ID` takes), global across groups.
        public var id: Int64?
        /// The session's number within its group, as the banner says it ("session 3").
        public var number: Int
        public var group: String
        public var plan: String
        public var title: String
        public var status: String
        public var startedAt: Date?
        public var endedAt: Date?
        public var plannedMinutes: Int
        public var actualMinutes: Int
        public var agenda: [Item]
        /// Steps dropped while running that were run or noted first: their notes stay in the record.
        public var dropped: [Item]
        public var changes: [String]
        public var headcount: Int?
        public var headcountByCategory: [CategoryCount]?
        public var airtime: Airtime?
        /// Turns by seat category beside the seats present (when the group has a roster).
        public var airtimeByCategory: CategoryShares?
        public var conflictsRaised: [ConflictEntry]
        public var conflictsResolved: [ConflictEntry]
        public var conflictsOpen: [ConflictEntry]
        /// The decisions taken (or put off) in the session, their support as the threshold allows.
        public var decisions: [DecisionLog.Row]
        public var commitmentsMade: [CommitmentEntry]
        public var commitmentsDone: [CommitmentEntry]
        public var commitmentsCarried: [CommitmentEntry]
        public var agreements: [String]
        public var pulses: [PulseResult]
        /// What was taken back in the session (by /undo, /delete, /edit), named but never quoted.
        public var takenBack: [String]
    }

    public struct ConflictEntry: Codable, Sendable, Equatable {
        public var number: Int
        public var text: String
        public var sessionsOpen: Int
        public var resolution: String?
    }

    public struct CommitmentEntry: Codable, Sendable, Equatable {
        public var number: Int
        public var owner: String
        public var action: String
        public var due: String
        public var done: Bool
    }

    public var state: SessionState
    public var library: Library
    public var id: Int64?
    public var clock: CivilClock

    public init(state: SessionState, library: Library, id: Int64? = nil, clock: CivilClock = .local) {
        self.state = state
        self.library = library
        self.id = id
        self.clock = clock
    }

    public var document: Document {
        let now = state.endedAt ?? state.lastEventAt
        func entry(_ item: AgendaItem, step: Int) -> Item {
            Item(
                step: step, id: item.activityID, title: item.title, plannedMinutes: item.plannedMinutes,
                actualMinutes: Int((state.secondsSpent(on: item.key, now: now) / 60).rounded()),
                skipped: state.skipped.contains(item.key), notes: state.notes(for: item.key).map(\.text)
            )
        }
        let items = state.agenda.enumerated().map { entry($1, step: $0 + 1) }
        let dropped = state.dropped.map { entry($0, step: 0) }.filter { !$0.notes.isEmpty || $0.actualMinutes > 0 }
        let context = state.context
        func conflict(_ number: Int) -> ConflictEntry? {
            context.conflicts.first { $0.number == number }.map {
                ConflictEntry(number: $0.number, text: $0.text, sessionsOpen: $0.sessionsOpen, resolution: $0.resolution)
            }
        }
        func commitment(_ c: Commitment) -> CommitmentEntry {
            CommitmentEntry(number: c.number, owner: c.owner, action: c.action, due: c.due.label, done: c.doneAt != nil)
        }
        let made = Set(state.commitmentsMade)
        return Document(
            id: id, number: state.context.sessionNumber, group: state.group, plan: state.planName, title: state.title,
            status: state.isEnded ? "ended" : "open", startedAt: state.startedAt, endedAt: state.endedAt,
            plannedMinutes: state.plannedMinutes, actualMinutes: (items + dropped).reduce(0) { $0 + $1.actualMinutes }, agenda: items,
            dropped: dropped, changes: state.changes.map(\.text), headcount: state.headcount, headcountByCategory: state.headcountByCategory,
            airtime: Airtime(turns: state.airtime),
            airtimeByCategory: state.airtime.isEmpty || context.roster.isEmpty
                ? nil
                : CategoryShares(
                    turns: state.airtime.map { ($0.label, $0.turns) }, roster: context.roster, present: state.headcountByCategory,
                    categories: context.categories),
            conflictsRaised: state.conflictsRaised.compactMap(conflict),
            conflictsResolved: state.conflictsResolved.compactMap(conflict),
            conflictsOpen: context.openConflicts.compactMap { conflict($0.number) },
            decisions: decisionLog.rows,
            commitmentsMade: context.commitments.filter { made.contains($0.number) }.map(commitment),
            commitmentsDone: context.commitments.filter { state.commitmentsDone.contains($0.number) }.map(commitment),
            commitmentsCarried: context.openCommitments.filter { !made.contains($0.number) }.map(commitment),
            agreements: context.activeAgreements.map(\.text),
            pulses: state.pulses.map { PulseResult(pulse: $0, threshold: context.threshold, present: state.headcount) },
            takenBack: state.undone.map { "Undone: \($0.label)" } + state.deletedNotes.map { "Deleted: note \($0)" }
                + Set(state.editedNotes).sorted().map { "Edited: note \($0)" }
        )
    }

    /// This session's decisions, as the group's log has them.
    var decisionLog: DecisionLog {
        let made = Set(state.decisionsMade)
        return DecisionLog(
            group: state.group, threshold: state.context.threshold,
            entries: state.context.decisions.filter { made.contains($0.number) }.map {
                DecisionLog.Entry(decision: $0, session: state.context.sessionNumber)
            })
    }

    func clock(_ date: Date?) -> String {
        guard let date else { return "—" }
        return clock.minute(date)
    }

    /// Markdown for sharing. Table cells escape `|` and line breaks; all text is sanitized.
    public func markdown() -> String {
        let doc = document
        func cell(_ text: String) -> String {
            TerminalText.sanitize(text, singleLine: true).replacingOccurrences(of: "|", with: "\\|")
        }
        var out: [String] = []
        out.append("# \(TerminalText.sanitize(doc.title, singleLine: true))")
        out.append("")
        var facts = ["Group: \(TerminalText.sanitize(doc.group, singleLine: true))"]
        // People read the group's own numbering; the id is what `sessions show` takes.
        facts.append("Session \(doc.number)" + (doc.id.map { " (id \($0))" } ?? ""))
        let end = doc.endedAt.map { clock($0) } ?? "still open"
        facts.append("\(clock(doc.startedAt)) to \(end)")
        facts.append("\(doc.actualMinutes) of \(doc.plannedMinutes) planned minutes")
        out.append(facts.joined(separator: " · "))
        out.append("")
        out.append("## Agenda")
        out.append("")
        out.append("| # | activity | planned | actual | |")
        out.append("|---|---|---:|---:|---|")
        for item in doc.agenda {
            out.append("| \(item.step) | \(cell(item.title)) | \(item.plannedMinutes) | \(item.actualMinutes) | \(item.skipped ? "skipped" : "") |")
        }
        for item in doc.dropped {
            out.append("| – | \(cell(item.title)) | \(item.plannedMinutes) | \(item.actualMinutes) | dropped |")
        }
        out.append("")
        out.append("## Notes")
        let noted = (doc.agenda + doc.dropped).filter { !$0.notes.isEmpty }
        if noted.isEmpty {
            out.append("")
            out.append("No notes were taken.")
        }
        for item in noted {
            out.append("")
            out.append("### \(item.step > 0 ? "\(item.step)." : "Dropped:") \(TerminalText.sanitize(item.title, singleLine: true))")
            out.append("")
            for note in item.notes { out.append("- \(TerminalText.sanitize(note, singleLine: true))") }
        }
        for (title, lines) in sections(doc) {
            out.append("")
            out.append("## \(title)")
            out.append("")
            out += lines
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// The sections after the agenda and notes, shared by the Markdown and text forms. Pulse
    /// results appear only where the threshold allows (PulseResult decides).
    func sections(_ doc: Document) -> [(String, [String])] {
        var result: [(String, [String])] = []
        func line(_ text: String) -> String { TerminalText.sanitize(text, singleLine: true) }
        func cell(_ text: String) -> String { line(text).replacingOccurrences(of: "|", with: "\\|") }
        func section(_ title: String, _ lines: [String]) {
            if !lines.isEmpty { result.append((title, lines)) }
        }
        section("Changes to the plan", doc.changes.map { "- \(line($0))" })
        if let headcount = doc.headcount {
            section(
                "Headcount",
                [
                    "\(headcount) present\(doc.headcountByCategory.map { " (" + $0.map { "\($0.category) \($0.count)" }.joined(separator: ", ") + ")" } ?? "")."
                ])
        }
        section(
            "Conflicts",
            doc.conflictsRaised.map { "- Raised: \($0.number). \(line($0.text))" }
                + doc.conflictsResolved.map { "- Resolved: \($0.number). \(line($0.text))\($0.resolution.map { " (\(line($0)))" } ?? "")" }
                + doc.conflictsOpen.filter { c in !doc.conflictsRaised.contains { $0.number == c.number } }.map {
                    "- Still open: \($0.number). \(line($0.text)) (\(SessionAge.conflictText($0.sessionsOpen)))"
                })
        let decisions = decisionLog
        section(
            "Decisions",
            decisions.entries.flatMap { entry -> [String] in
                let d = entry.decision
                var lines = ["- \(d.status == .deferred ? "Deferred" : "Decided"): \(d.number). \(line(d.proposal)) → \(line(d.outcome))"]
                lines.append("  - \(line(d.supportLine(under: decisions.threshold)))")
                if !d.presenceLine.isEmpty { lines.append("  - \(line(d.presenceLine))") }
                if let review = d.review { lines.append("  - Review: \(review)") }
                return lines
            })
        section(
            "Commitments",
            doc.commitmentsMade.map { "- Made: \($0.number). \(line($0.owner)): \(line($0.action)) (\($0.due))\($0.done ? ", done" : "")" }
                + doc.commitmentsDone.filter { c in !doc.commitmentsMade.contains { $0.number == c.number } }.map {
                    "- Done: \($0.number). \(line($0.owner)): \(line($0.action))"
                }
                + doc.commitmentsCarried.map { "- Carried: \($0.number). \(line($0.owner)): \(line($0.action)) (\($0.due))" })
        section("Taken back", doc.takenBack.map { "- \(line($0))" })
        section("Working agreements", doc.agreements.enumerated().map { "\($0.offset + 1). \(line($0.element))" })
        if let airtime = doc.airtime {
            section(
                "Airtime",
                ["| label | turns | share |", "|---|---:|---:|"]
                    + airtime.rows.map { "| \(cell($0.label)) | \($0.turns) | \(String(format: "%.1f%%", $0.share * 100)) |" }
                    + ["", "\(Plural.count(airtime.total, "turn")); Gini coefficient \(String(format: "%.3f", airtime.gini))."]
                    + (doc.airtimeByCategory.map { shares in
                        ["", "| category | turns | share of turns | share of seats present |", "|---|---:|---:|---:|"]
                            + shares.rows.map {
                                "| \($0.category) | \($0.count) | \(String(format: "%.1f%%", $0.share * 100)) | \($0.presentShare.map { String(format: "%.1f%%", $0 * 100) } ?? "–") |"
                            }
                    } ?? []))
        }
        section(
            "Pulses",
            doc.pulses.flatMap { pulse -> [String] in
                var lines = ["### Pulse \(pulse.number): \(line(pulse.question))", ""]
                if !pulse.revealed {
                    let why =
                        !pulse.closed
                        ? "Not closed: results are not shown."
                        : pulse.present.map { pulse.count > $0 } == true
                            ? "More answers than people present: nothing more is shown."
                            : "Below the threshold of \(pulse.threshold) this pulse was asked under: nothing more is shown."
                    lines.append("\(pulse.countText). \(why)")
                } else {
                    if let mean = pulse.mean, let median = pulse.median, let sd = pulse.standardDeviation {
                        lines.append(
                            "\(pulse.countText) · mean \(String(format: "%.2f", mean)) · median \(String(format: "%.2f", median)) · sd \(String(format: "%.2f", sd))"
                        )
                    } else {
                        lines.append(pulse.countText)
                    }
                    if let distribution = pulse.distribution {
                        lines.append("")
                        lines += distribution.map { "- \(line($0.label)): \($0.count)" }
                    }
                    if let texts = pulse.texts, !texts.isEmpty {
                        lines.append("")
                        lines += texts.map { "- \(line($0))" }
                    }
                    if let segments = pulse.segments {
                        // Only what the remainder rule shows; the hidden segments are not named.
                        lines.append("")
                        lines.append("By segment (\(line(segments.question))):")
                        let rows = segments.rows + (segments.other.map { [$0] } ?? [])
                        lines += rows.map {
                            "- \(line($0.segment)): \(Plural.count($0.count, "answer"))"
                                + ($0.mean.map { String(format: ", mean %.2f", $0) } ?? ", "
                                    + $0.distribution.map { "\($0.label) \($0.count)" }.joined(separator: " · "))
                        }
                        if rows.isEmpty { lines.append("- No segment can be shown without exposing another.") }
                    }
                    if let comments = pulse.comments, !comments.isEmpty {
                        lines.append("")
                        lines.append("Comments, in random order:")
                        lines += comments.map { "- \(line($0))" }
                    }
                }
                lines.append("")
                return lines
            })
        return result
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(document)
        return TerminalText.escapeJSON(String(decoding: data, as: UTF8.self)) + "\n"
    }

    /// Plain text for the terminal: the Markdown without its table syntax.
    public func text() -> String {
        let doc = document
        var out: [String] = []
        out.append(
            "\(TerminalText.sanitize(doc.title, singleLine: true)) · \(TerminalText.sanitize(doc.group, singleLine: true)) · session \(doc.number)")
        out.append(
            "\(clock(doc.startedAt)) to \(doc.endedAt.map { clock($0) } ?? "still open") · \(doc.actualMinutes) of \(doc.plannedMinutes) planned minutes"
        )
        out.append("")
        for item in doc.agenda {
            let skipped = item.skipped ? "  (skipped)" : ""
            out.append(
                String(format: "%2d. ", item.step)
                    + "\(TerminalText.sanitize(item.title, singleLine: true))  \(item.actualMinutes)/\(item.plannedMinutes) min\(skipped)")
            for note in item.notes { out.append("    - \(TerminalText.sanitize(note, singleLine: true))") }
        }
        for item in doc.dropped {
            out.append(" –  \(TerminalText.sanitize(item.title, singleLine: true))  \(item.actualMinutes)/\(item.plannedMinutes) min  (dropped)")
            for note in item.notes { out.append("    - \(TerminalText.sanitize(note, singleLine: true))") }
        }
        for (title, lines) in sections(doc) {
            out.append("")
            out.append(title)
            out += lines.map { "  " + $0 }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
