import Foundation

/// What a session knows about its group beyond itself: the anonymity threshold, the working
/// agreements, and the conflicts and commitments carried from earlier sessions. The shell loads it
/// from the store; events of this session update it the same way the store does.
public struct GroupContext: Sendable, Equatable, Codable {
    /// The anonymity threshold k: nothing but the count of a pulse is shown below it.
    public var threshold: Int
    /// Which session of the group this is (1 for the first).
    public var sessionNumber: Int
    public var agreements: [Agreement]
    public var conflicts: [Conflict]
    public var commitments: [Commitment]
    /// Airtime labels used before in this group, for completion.
    public var labels: [String]
    /// The language of the pass round's screens.
    public var language: ParticipantLanguage
    /// The seats at the group's table (the equity lens) and the categories they fall in.
    public var roster: [Seat] = []
    public var categories: [String] = Seat.defaultCategories
    /// The group's own segment questions, each with its options fixed once declared (by
    /// `groups set --segment` or by the first pulse that asked it), so every pulse that asks one
    /// divides the room the same way.
    public var segmentQuestions: [PulseSegments] = []
    /// The division each pulse question was shown by in the group's other sessions.
    public var segmentLedger = SegmentLedger()
    /// The group's decisions so far (its log), in number order.
    public var decisions: [Decision] = []
    /// How the group decides (nil: each method's default) and who must be present.
    public var decisionRule: DecisionRule?
    public var quorum = Quorum()
    /// True when the group's charter puts decisions on the record: stances are taken openly by seat.
    public var decisionsOnRecord = false

    /// The rule a proposal decided by `method` is judged by.
    public func rule(for method: DecisionMethod) -> DecisionRule {
        decisionRule.flatMap { $0.method == method ? $0 : nil } ?? .standard(method)
    }

    public init(
        threshold: Int = 5, sessionNumber: Int = 1, agreements: [Agreement] = [], conflicts: [Conflict] = [], commitments: [Commitment] = [],
        labels: [String] = [], language: ParticipantLanguage = .en
    ) {
        self.language = language
        self.threshold = threshold
        self.sessionNumber = sessionNumber
        self.agreements = agreements
        self.conflicts = conflicts
        self.commitments = commitments
        self.labels = labels
    }

    public static let defaultThreshold = 5
    public static let thresholdRange = 3...10

    public var activeAgreements: [Agreement] { agreements.filter { $0.retiredAt == nil }.sorted { $0.number < $1.number } }
    public var openConflicts: [Conflict] { conflicts.filter { $0.resolvedAt == nil }.sorted { $0.number < $1.number } }
    public var openCommitments: [Commitment] { commitments.filter { $0.doneAt == nil }.sorted { $0.number < $1.number } }
}

/// A conflict surfaced in the room; it belongs to the group until it is resolved.
public struct Conflict: Sendable, Equatable, Codable {
    public var number: Int
    public var text: String
    public var raisedAt: Date
    /// How many sessions of the group it has been open in, counting the one it was raised in.
    public var sessionsOpen: Int
    public var resolvedAt: Date?
    public var resolution: String?

    public init(number: Int, text: String, raisedAt: Date, sessionsOpen: Int = 1, resolvedAt: Date? = nil, resolution: String? = nil) {
        self.number = number
        self.text = text
        self.raisedAt = raisedAt
        self.sessionsOpen = sessionsOpen
        self.resolvedAt = resolvedAt
        self.resolution = resolution
    }
}

/// Someone's commitment to the group, carried to later sessions until it is done.
public struct Commitment: Sendable, Equatable, Codable {
    public var number: Int
    public var owner: String
    public var action: String
    public var due: Due
    public var madeAt: Date
    /// Sessions since it was made, counting the one it was made in.
    public var sessionsOpen: Int
    public var doneAt: Date?

    public init(number: Int, owner: String, action: String, due: Due, madeAt: Date, sessionsOpen: Int = 1, doneAt: Date? = nil) {
        self.number = number
        self.owner = owner
        self.action = action
        self.due = due
        self.madeAt = madeAt
        self.sessionsOpen = sessionsOpen
        self.doneAt = doneAt
    }
}

/// When a commitment is due. Stored and exported as one string: "YYYY-MM-DD", "next-session" or "".
public enum Due: Sendable, Equatable, Codable {
    /// A calendar day, "YYYY-MM-DD".
    case day(String)
    case nextSession
    case none

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = text.isEmpty ? .none : text == "next-session" ? .nextSession : .day(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .day(let day): try container.encode(day)
        case .nextSession: try container.encode("next-session")
        case .none: try container.encode("")
        }
    }

    public var label: String {
        switch self {
        case .day(let day): "by \(day)"
        case .nextSession: "by next session"
        case .none: "no date"
        }
    }
}

/// One of the group's working agreements: how it decides, how members hold each other to account.
public struct Agreement: Sendable, Equatable, Codable {
    public var number: Int
    public var text: String
    public var madeAt: Date
    public var retiredAt: Date?

    public init(number: Int, text: String, madeAt: Date, retiredAt: Date? = nil) {
        self.number = number
        self.text = text
        self.madeAt = madeAt
        self.retiredAt = retiredAt
    }
}
