import Foundation

/// A group's sessions in time order, with what the signals and trends need. Pulse values are
/// present only for pulses that were closed with at least k answers; for the others, the count.
public struct GroupHistory: Sendable, Equatable, Codable {
    public struct Session: Sendable, Equatable, Codable {
        public var id: Int64
        public var date: Date
        public var title: String
        public var headcount: Int?
        public var airtime: [Airtime.Row]
        public var pulses: [Pulse]
        /// Conflicts raised in the room in this session.
        public var conflictsRaised: Int
        /// The headcount by seat category, when it was taken that way.
        public var headcountByCategory: [CategoryCount]?
        /// Library activities run in this session (moved to), for the scorecard: the store fills it
        /// for the sessions of the scorecard's windows only.
        public var activities: [String] = []
        /// The notes taken in the session, in the order taken: the store fills them for exports only.
        public var notes: [String] = []
        /// The roster as it was in this session (nil: kept before v14, read from the roster now).
        /// Turns and commitments count under the category a seat had then, so moving a seat later
        /// never rewrites what was seen.
        public var seats: [Seat]?

        public init(
            id: Int64, date: Date, title: String, headcount: Int? = nil, airtime: [Airtime.Row] = [], pulses: [Pulse] = [], conflictsRaised: Int = 0
        ) {
            self.id = id
            self.date = date
            self.title = title
            self.headcount = headcount
            self.airtime = airtime
            self.pulses = pulses
            self.conflictsRaised = conflictsRaised
        }
    }

    public struct Pulse: Sendable, Equatable, Codable {
        public var number: Int
        public var question: String
        public var libraryID: String?
        public var answer: PulseSpec.Answer
        public var measures: PulseSpec.Measure?
        public var reverse: Bool
        public var scaleMin: Int?
        public var scaleMax: Int?
        public var closed: Bool
        public var count: Int
        /// The k promised when the pulse opened (nil for pulses stored before it was kept).
        public var threshold: Int?
        /// The headcount when it closed (nil for pulses stored before it was kept: the session's is used).
        public var present: Int?
        /// Raw scale values (only when revealed), in no meaningful order.
        public var values: [Int]
        /// Comments and free-text answers (only when revealed).
        public var comments: [String]
        /// Results by segment as the remainder rule allowed at close (only when revealed).
        public var segments: SegmentBreakdown?
        /// How the pulse divided the room (nil when it did not), for the rule across pulses.
        public var segmentation: PulseSegments?
        /// Counts of a traffic-light pulse (green, yellow, red) or a word pulse (filler words left
        /// out), only when revealed: the store fills them for exports only.
        public var counts: [PulseResult.Bar] = []

        public init(
            number: Int, question: String, libraryID: String? = nil, answer: PulseSpec.Answer, measures: PulseSpec.Measure?, reverse: Bool = false,
            scaleMin: Int? = 1, scaleMax: Int? = 5, closed: Bool = true, count: Int, threshold: Int? = nil, present: Int? = nil, values: [Int] = [],
            comments: [String] = []
        ) {
            self.threshold = threshold
            self.present = present
            self.number = number
            self.question = question
            self.libraryID = libraryID
            self.answer = answer
            self.measures = measures
            self.reverse = reverse
            self.scaleMin = scaleMin
            self.scaleMax = scaleMax
            self.closed = closed
            self.count = count
            self.values = values
            self.comments = comments
        }

        /// Revealed under the larger of the group's k and the k promised at open, and only with no
        /// more answers than people present.
        public func isRevealed(threshold: Int, present: Int?) -> Bool {
            PulseResult.reveals(
                closed: closed, count: count, threshold: max(threshold, self.threshold ?? threshold), present: self.present ?? present)
        }

        /// Values on a 1–5 scale, turned round for reverse-worded questions, so that higher always
        /// means more of what the question measures.
        public var normalizedValues: [Double] {
            guard answer == .scale, let low = scaleMin, let high = scaleMax, high > low else { return [] }
            return values.map { raw in
                let value = reverse ? low + high - raw : raw
                return 1 + 4 * Double(value - low) / Double(high - low)
            }
        }
    }

    public struct ConflictEntry: Sendable, Equatable, Codable {
        public var number: Int
        public var text: String
        public var raisedSession: Int64
        public var resolvedSession: Int64?

        public init(number: Int, text: String, raisedSession: Int64, resolvedSession: Int64? = nil) {
            self.number = number
            self.text = text
            self.raisedSession = raisedSession
            self.resolvedSession = resolvedSession
        }
    }

    /// A working agreement as the history carries it: the group's own `Agreement`, declared once.
    public typealias AgreementEntry = Agreement

    public struct CommitmentEntry: Sendable, Equatable, Codable {
        public var number: Int
        public var owner: String
        public var action: String
        public var due: Due
        public var madeSession: Int64
        public var doneSession: Int64?
        public var doneAt: Date?

        public init(number: Int, owner: String, action: String, due: Due, madeSession: Int64, doneSession: Int64? = nil, doneAt: Date? = nil) {
            self.number = number
            self.owner = owner
            self.action = action
            self.due = due
            self.madeSession = madeSession
            self.doneSession = doneSession
            self.doneAt = doneAt
        }
    }

    /// A decision with the session (the store's id) it was taken in.
    public struct DecisionEntry: Sendable, Equatable, Codable {
        public var decision: Decision
        public var session: Int64

        public init(decision: Decision, session: Int64) {
            self.decision = decision
            self.session = session
        }
    }

    public var group: String
    public var threshold: Int
    public var sessions: [Session]
    /// The group's decisions, in number order.
    public var decisions: [DecisionEntry] = []
    public var conflicts: [ConflictEntry]
    public var commitments: [CommitmentEntry]
    /// The group's working agreements, retired ones included.
    public var agreements: [AgreementEntry] = []
    /// The group's seats and categories now: turns and commitments count under a label's seat.
    public var roster: [Seat] = []
    public var categories: [String] = Seat.defaultCategories

    public init(group: String, threshold: Int = 5, sessions: [Session] = [], conflicts: [ConflictEntry] = [], commitments: [CommitmentEntry] = []) {
        self.group = group
        self.threshold = threshold
        self.sessions = sessions
        self.conflicts = conflicts
        self.commitments = commitments
    }

    /// Only what may be shown: values and comments of pulses below the threshold are dropped,
    /// whatever the source put in, and segments that a raised threshold no longer allows.
    public func revealedOnly() -> GroupHistory {
        var copy = self
        // One reader sees the whole history: a question's segments show under one division only.
        var ledger = SegmentLedger()
        for s in copy.sessions.indices {
            for p in copy.sessions[s].pulses.indices {
                let pulse = copy.sessions[s].pulses[p]
                guard pulse.isRevealed(threshold: threshold, present: copy.sessions[s].headcount) else {
                    // Written only when there is something to drop: a write copies the session's pulses.
                    guard !pulse.values.isEmpty || !pulse.comments.isEmpty || pulse.segments != nil || !pulse.counts.isEmpty else { continue }
                    copy.sessions[s].pulses[p].values = []
                    copy.sessions[s].pulses[p].comments = []
                    copy.sessions[s].pulses[p].segments = nil
                    copy.sessions[s].pulses[p].counts = []
                    continue
                }
                // Segments follow the same k as the totals: the larger of the promised one and this.
                // (Written only when they change: a write copies the session's pulses.)
                if let segments = pulse.segments {
                    let judged = ledger.judge(
                        segments.judged(under: max(threshold, pulse.threshold ?? threshold)), by: pulse.segmentation, for: pulse.question)
                    if judged != segments { copy.sessions[s].pulses[p].segments = judged }
                }
            }
        }
        return copy
    }

    /// The decisions log as people read it, sessions by their number within the group.
    public var decisionLog: DecisionLog {
        let numbers = Dictionary(sessions.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        return DecisionLog(
            group: group, threshold: threshold, entries: decisions.map { DecisionLog.Entry(decision: $0.decision, session: numbers[$0.session] ?? 0) }
        )
    }

    public func index(of session: Int64) -> Int? { sessions.firstIndex { $0.id == session } }

    /// A label's category in a session: the seat it had then, else (a session kept before v14) now.
    public func category(of label: String, in session: Session) -> String {
        (session.seats ?? roster).category(of: label)
    }

    /// A commitment owner's category in the session the commitment was made in.
    public func category(ofOwner owner: String, madeIn session: Int64) -> String {
        guard let index = index(of: session) else { return roster.category(of: owner) }
        return category(of: owner, in: sessions[index])
    }

    /// The session's number within its group as a person reads it (1 for the first), beside the
    /// store's id, which is global across groups.
    public func number(of session: Int64) -> Int? { index(of: session).map { $0 + 1 } }
}
