import Foundation

/// What the group decided (or put off), with how: the proposal, the method and rule, the support
/// (only when its stance round could be shown), who was present by seat category and whether the
/// quorum was met. It belongs to the group and carries across sessions like a commitment.
public struct Decision: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case decided, deferred
    }

    /// A stance taken openly by a seat (`/stance LABEL LEVEL`), for groups that decide on the record.
    public struct OpenStance: Codable, Sendable, Equatable {
        public var label: String
        public var value: Int

        public init(label: String, value: Int) {
            self.label = label
            self.value = value
        }
    }

    public var number: Int
    public var proposal: String
    /// The group's agenda item it was taken under, if any.
    public var item: String?
    public var method: DecisionMethod
    public var status: Status
    /// The outcome statement (`/decided TEXT`) or why it waits (`/deferred TEXT`).
    public var outcome: String
    /// The rule it was judged by, in words.
    public var rule: String
    /// The least support level the rule accepts (gradients and fist-to-five).
    public var acceptingLevel: Int?
    /// Counts per level, when the stance round could be shown (k answers, no more than present).
    public var support: [Int: Int]?
    /// How many took a stance (always shown).
    public var stances: Int
    /// The k the stance round was held under.
    public var threshold: Int?
    /// Open stances by seat, when the group decides on the record.
    public var open: [OpenStance]?
    public var verdict: DecisionRule.Verdict?
    public var present: Int?
    public var presentByCategory: [CategoryCount]?
    /// Quorum categories that were short (empty: met; nil: no quorum set, or not checkable).
    public var quorumMissing: [String]?
    /// True when the group has a quorum but the headcount was not taken by category.
    public var quorumUnchecked: Bool
    /// "YYYY-MM-DD" when the decision is to be reviewed.
    public var review: String?
    public var madeAt: Date
    /// Options of a dot vote.
    public var options: [String]

    public init(
        number: Int, proposal: String, item: String? = nil, method: DecisionMethod, status: Status, outcome: String, rule: String,
        support: [Int: Int]? = nil, stances: Int = 0, threshold: Int? = nil, open: [OpenStance]? = nil, verdict: DecisionRule.Verdict? = nil,
        present: Int? = nil, presentByCategory: [CategoryCount]? = nil, quorumMissing: [String]? = nil, quorumUnchecked: Bool = false,
        review: String? = nil, madeAt: Date, options: [String] = []
    ) {
        self.number = number
        self.proposal = proposal
        self.item = item
        self.method = method
        self.status = status
        self.outcome = outcome
        self.rule = rule
        self.support = support
        self.stances = stances
        self.threshold = threshold
        self.open = open
        self.verdict = verdict
        self.present = present
        self.presentByCategory = presentByCategory
        self.quorumMissing = quorumMissing
        self.quorumUnchecked = quorumUnchecked
        self.review = review
        self.madeAt = madeAt
        self.options = options
    }

    public var stance: Stance { Stance(proposal: number, method: method, options: options) }

    /// The support as it may be shown under `k` now (the larger of it and the round's own).
    public func supportShown(under k: Int) -> [Int: Int]? {
        guard let support else { return nil }
        if open != nil { return support }
        return stances >= max(k, threshold ?? k) ? support : nil
    }

    /// One line of the record: the method, the support or why it is not shown, the verdict.
    public func supportLine(under k: Int) -> String {
        var text = method.name.prefix(1).uppercased() + method.name.dropFirst()
        if let open {
            text +=
                ", on the record: "
                + open.map { "\(TerminalText.sanitize($0.label, singleLine: true)) \(stance.level($0.value)?.name ?? "\($0.value)")" }
                .joined(separator: ", ")
        } else if let shown = supportShown(under: k) {
            text +=
                ": \(stances) \(stances == 1 ? "stance" : "stances")\(present.map { " from \($0) present" } ?? "") · "
                + stance.levels.filter { (shown[$0.value] ?? 0) > 0 }.map { "\($0.name) \(shown[$0.value]!)" }.joined(separator: " · ")
        } else if stances > 0 {
            text += ": \(stances) \(stances == 1 ? "stance" : "stances"), not shown (under \(max(k, threshold ?? k)), or more than present)"
        } else {
            text += ": no stance taken"
        }
        if let verdict, supportShown(under: k) != nil || open != nil {
            text +=
                " · \(verdict.text)"
                + (verdict.accepted.map { $0 ? " · accepted under the rule (\(rule))" : " · not accepted under the rule (\(rule))" } ?? "")
        }
        return text
    }

    /// Who was in the room and the quorum, in words.
    public var presenceLine: String {
        var parts: [String] = []
        if let presentByCategory {
            parts.append("Present: " + presentByCategory.filter { $0.count > 0 }.map { "\($0.category) \($0.count)" }.joined(separator: ", "))
        } else if let present {
            parts.append("Present: \(present)")
        }
        if quorumUnchecked {
            parts.append("quorum not checked (headcount not by category)")
        } else if let missing = quorumMissing {
            parts.append(missing.isEmpty ? "quorum met" : "quorum NOT met (short: \(missing.joined(separator: ", ")))")
        }
        return parts.joined(separator: " · ")
    }
}
