import Foundation

/// A pulse asked in a session: open until /close, then closed for good.
public struct PulseState: Sendable, Equatable {
    public var number: Int
    public var question: PulseQuestion
    public var openedAt: Date
    public var closedAt: Date?
    /// Answers in no meaningful order; they are never stored with a time or an order.
    public var answers: [PulseAnswer]

    public init(number: Int, question: PulseQuestion, openedAt: Date, closedAt: Date? = nil, answers: [PulseAnswer] = []) {
        self.number = number
        self.question = question
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.answers = answers
    }

    public var isClosed: Bool { closedAt != nil }
}
