/// The question a pulse asks: from the library, or written on the spot by the facilitator.
public struct PulseQuestion: Sendable, Equatable, Codable {
    public var libraryID: String?
    public var text: String
    public var answer: PulseSpec.Answer
    public var scale: PulseSpec.Scale?
    public var measures: PulseSpec.Measure?
    public var reverse: Bool

    public init(libraryID: String? = nil, text: String, answer: PulseSpec.Answer, scale: PulseSpec.Scale? = nil, measures: PulseSpec.Measure? = nil, reverse: Bool = false) {
        self.libraryID = libraryID
        self.text = text
        self.answer = answer
        self.scale = scale
        self.measures = measures
        self.reverse = reverse
    }

    public init(_ activity: Activity, pulse: PulseSpec) {
        self.init(libraryID: activity.id, text: pulse.question, answer: pulse.answer, scale: pulse.scale, measures: pulse.measures, reverse: pulse.reverse)
    }

    /// What a participant is told they may answer.
    public var answerHint: String {
        switch answer {
        case .scale:
            let scale = scale ?? .init(min: 1, max: 5, lowLabel: "", highLabel: "")
            let low = scale.lowLabel.isEmpty ? "" : " (\(scale.lowLabel))"
            let high = scale.highLabel.isEmpty ? "" : " (\(scale.highLabel))"
            return "a number from \(scale.min)\(low) to \(scale.max)\(high); add a comment after it if you like: 4 good progress"
        case .traffic:
            return "green, yellow or red (g, y, r); add a comment after it if you like"
        case .words:
            return "up to three words"
        case .text:
            return "a few sentences (at most \(PulseAnswer.maxTextLength) characters)"
        }
    }
}
