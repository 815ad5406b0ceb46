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
    /// (below the k in force at close, or more than the people present): only their count is kept.
    public var withheld = 0
    /// The results by segment kept at close (its answers then lose their segment, so a copy of the
    /// file cannot tie an answer to a small segment).
    public var storedSegments: SegmentBreakdown?
    /// Answers in the order of their random keys: no meaningful order, and the order the store
    /// reads them in, so comments come out the same on every surface.
    public private(set) var answers: [PulseAnswer]
    /// The random key each answer is stored under, beside it (empty when the answers came without).
    public private(set) var keys: [Data] = []

    public init(
        number: Int, question: PulseQuestion, openedAt: Date, closedAt: Date? = nil, threshold: Int = GroupContext.defaultThreshold,
        answers: [PulseAnswer] = []
    ) {
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

    /// Adds an answer at its key's place, so that memory holds the answers in the store's order.
    public mutating func insert(_ answer: PulseAnswer, key: Data) {
        guard keys.count == answers.count else {
            answers.append(answer)
            return
        }
        let index = keys.partitionPoint { !$0.lexicographicallyPrecedes(key) }
        keys.insert(key, at: index)
        answers.insert(answer, at: index)
    }

    /// Replaces the answers with what the store holds (already in key order).
    public mutating func load(_ keyed: [(key: Data, answer: PulseAnswer)]) {
        keys = keyed.map(\.key)
        answers = keyed.map(\.answer)
    }

    /// Answers without keys (tests and generated histories): kept in the order given.
    public mutating func append(_ more: [PulseAnswer]) {
        answers += more
        keys = []
    }

    /// What a seal leaves in memory: the same as the store keeps.
    mutating func apply(_ seal: PulseSeal) {
        present = seal.present
        storedSegments = seal.segments
        if seal.keep {
            // The answers lose their segment: only the breakdown the remainder rule allowed stays.
            answers = answers.map {
                var answer = $0
                answer.segment = nil
                return answer
            }
        } else {
            withheld = answers.count + withheld
            answers = []
            keys = []
        }
    }
}

extension Array {
    /// The first index whose element satisfies `belongs` (all later ones must too): a binary search.
    func partitionPoint(_ belongs: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if belongs(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
