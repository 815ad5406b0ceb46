import Foundation

/// A group's decisions log, as `convene decisions` prints it: each decision with the session it was
/// taken in (the group's own number), its method and support as the threshold now allows, who was
/// present and the quorum, and its review date.
public struct DecisionLog: Sendable {
    public struct Entry: Sendable {
        public var decision: Decision
        /// The session's number within the group (1 for the first).
        public var session: Int

        public init(decision: Decision, session: Int) {
            self.decision = decision
            self.session = session
        }
    }

    public var group: String
    /// The group's k now: support is shown only under the larger of it and the round's own.
    public var threshold: Int
    public var entries: [Entry]

    public init(group: String, threshold: Int, entries: [Entry]) {
        self.group = group
        self.threshold = threshold
        self.entries = entries
    }

    func clean(_ text: String) -> String { TerminalText.sanitize(text, singleLine: true) }

    public func lines() -> [OutputLine] {
        var lines: [OutputLine] = [.heading("Decisions · \(clean(group)) · \(Plural.count(entries.count, "decision"))")]
        guard !entries.isEmpty else {
            return lines + [.dim("None yet. In a session: /propose TEXT, /decide, /decided TEXT.")]
        }
        for entry in entries {
            let d = entry.decision
            lines.append(.blank())
            lines.append(
                OutputLine(
                    "\(d.number). \(clean(d.proposal)) → \(d.status == .deferred ? "deferred: " : "")\(clean(d.outcome))", .emphasis, hang: 4))
            var context = "session \(entry.session)"
            if let item = d.item { context += " · item: \(clean(item))" }
            if let review = d.review { context += " · review \(review)" }
            lines.append(.dim("   " + context))
            lines.append(OutputLine("   " + d.supportLine(under: threshold), hang: 4))
            let presence = d.presenceLine
            if !presence.isEmpty { lines.append(.dim("   " + presence)) }
        }
        return lines
    }

    public func markdown() -> String {
        var out = "# Decisions · \(group)\n"
        for entry in entries {
            let d = entry.decision
            out += "\n## \(d.number). \(d.proposal)\n\n"
            out += "- \(d.status == .deferred ? "Deferred" : "Decided") in session \(entry.session): \(d.outcome)\n"
            if let item = d.item { out += "- Item: \(item)\n" }
            out += "- \(d.supportLine(under: threshold))\n"
            let presence = d.presenceLine
            if !presence.isEmpty { out += "- \(presence)\n" }
            if let review = d.review { out += "- Review: \(review)\n" }
        }
        return out
    }

    /// One decision as the JSON and CSV exports carry it: support only as the threshold allows.
    public struct Row: Sendable, Codable, Equatable {
        public var number: Int
        public var session: Int
        public var status: String
        public var proposal: String
        public var item: String?
        public var outcome: String
        public var method: String
        public var rule: String
        public var stances: Int
        /// Level name → count, only when shown.
        public var support: [String: Int]?
        public var accepted: Bool?
        public var verdict: String?
        public var present: Int?
        public var presentByCategory: [String: Int]?
        public var quorumMet: Bool?
        public var quorumMissing: [String]?
        public var review: String?
        public var onRecord: [String: String]?
    }

    public var rows: [Row] {
        entries.map { entry in
            let d = entry.decision
            let shown = d.supportShown(under: threshold)
            let stance = d.stance
            return Row(
                number: d.number, session: entry.session, status: d.status.rawValue, proposal: d.proposal, item: d.item, outcome: d.outcome,
                method: d.method.rawValue, rule: d.rule, stances: d.stances,
                support: shown.map { counts in
                    Dictionary(uniqueKeysWithValues: stance.levels.map { ($0.name, counts[$0.value] ?? 0) })
                },
                accepted: shown == nil ? nil : d.verdict?.accepted, verdict: shown == nil ? nil : d.verdict?.text, present: d.present,
                presentByCategory: d.presentByCategory.map { Dictionary($0.map { ($0.category, $0.count) }, uniquingKeysWith: +) },
                quorumMet: d.quorumMissing.map(\.isEmpty), quorumMissing: d.quorumMissing, review: d.review,
                onRecord: d.open.map {
                    Dictionary($0.map { ($0.label, stance.level($0.value)?.name ?? "\($0.value)") }, uniquingKeysWith: { a, _ in a })
                }
            )
        }
    }

    public func csv() -> String {
        CSVText.render(
            header: [
                "number", "session", "status", "proposal", "item", "outcome", "method", "rule", "stances", "support", "accepted", "present",
                "quorum_met", "review",
            ],
            rows: rows.map { row in
                [
                    "\(row.number)", "\(row.session)", row.status, row.proposal, row.item ?? "", row.outcome, row.method, row.rule, "\(row.stances)",
                    row.support.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") } ?? "",
                    row.accepted.map { $0 ? "yes" : "no" } ?? "", row.present.map(String.init) ?? "",
                    row.quorumMet.map { $0 ? "yes" : "no" } ?? "", row.review ?? "",
                ]
            })
    }
}
