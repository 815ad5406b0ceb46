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
    /// True when the pulse was open when Convene stopped: an open pulse's segments are held only in
    /// memory (the file never ties a small segment to a value or a comment), so they were lost;
    /// its total is kept.
    public var segmentsLost = false
    /// Answers in no meaningful order. Once closed (and as the store reads them back) they are in
    /// the order of their random keys, so comments come out the same on every surface; while open
    /// they are in the order they came, which nothing shows (results appear only after close).
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

    /// How many answers gave each scale value (the seal keeps it; a stance's verdict reads it).
    public var valueCounts: [Int: Int] { Dictionary(answers.compactMap(\.value).map { ($0, 1) }, uniquingKeysWith: +) }

    /// Every answer given, including those withheld at close.
    public var count: Int { answers.count + withheld }

    /// Adds an answer with its key. Appended, not inserted at its key's place: a pulse of 60,000
    /// phones would move the whole array for every answer. The close puts them in key order.
    public mutating func insert(_ answer: PulseAnswer, key: Data) {
        if keys.count == answers.count { keys.append(key) }
        answers.append(answer)
    }

    /// The answers in the order of their keys, as the store holds them (a stable sort, once).
    public func inKeyOrder() -> PulseState {
        guard keys.count == answers.count, !keys.isEmpty else { return self }
        var sorted = self
        let order = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        sorted.keys = order.map { keys[$0] }
        sorted.answers = order.map { answers[$0] }
        return sorted
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
        self = inKeyOrder()
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
