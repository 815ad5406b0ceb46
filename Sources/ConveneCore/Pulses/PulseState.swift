import Foundation

/// A pulse asked in a session: open until /close, then closed for good.
public struct PulseState: Sendable, Equatable {
    public var number: Int
    public var question: PulseQuestion
    public var openedAt: Date
    public var closedAt: Date?
    /// The anonymity threshold promised when the pulse opened; results use the larger of it and
    /// the group's current one.
    public var threshold: Int
    /// The headcount when the pulse closed: the "N present" its result is judged against for good,
    /// so a headcount raised later reveals nothing that was hidden at close.
    public var present: Int?
    /// Answers that were counted and then deleted at close because they could never be shown
    /// (below the k promised at open, or more than the people present): only their count is kept.
    public var withheld = 0
    /// The results by segment the store kept at close (its answers then lose their segment, so a
    /// copy of the file cannot tie an answer to a small segment).
    public var storedSegments: SegmentBreakdown?
    /// Answers in no meaningful order; they are never stored with a time or an order.
    public var answers: [PulseAnswer]

    public init(number: Int, question: PulseQuestion, openedAt: Date, closedAt: Date? = nil, threshold: Int = GroupContext.defaultThreshold, answers: [PulseAnswer] = []) {
        self.number = number
        self.threshold = threshold
        self.question = question
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.answers = answers
    }

    public var isClosed: Bool { closedAt != nil }

    /// Every answer given, including those withheld at close.
    public var count: Int { answers.count + withheld }

    /// Whether this pulse, once closed, can ever be shown: its promised k and its headcount at close
    /// are fixed, so a pulse that fails them now fails them for good.
    public var canEverBeShown: Bool { PulseResult.reveals(closed: true, count: count, threshold: threshold, present: present) }
}
