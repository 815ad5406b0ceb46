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
}
