/// The question part of a `kind: pulse` library item.
public struct PulseSpec: Codable, Sendable, Equatable {
    public enum Answer: String, CaseIterable, Codable, Sendable {
        case scale, traffic, words, text
    }

    public enum Measure: String, CaseIterable, Codable, Sendable {
        case trust, safety, ownership, voice, clarity, energy, worth, inclusion, learning
    }

    public struct Scale: Codable, Sendable, Equatable {
        public var min: Int
        public var max: Int
        public var lowLabel: String
        public var highLabel: String
        public var lowLabelES: String?
        public var highLabelES: String?

        public init(min: Int, max: Int, lowLabel: String, highLabel: String, lowLabelES: String? = nil, highLabelES: String? = nil) {
            self.min = min
            self.max = max
            self.lowLabel = lowLabel
            self.highLabel = highLabel
            self.lowLabelES = lowLabelES
            self.highLabelES = highLabelES
        }

        /// The end labels in a participant's language (English when no translation is known).
        public func labels(in language: ParticipantLanguage) -> (low: String, high: String) {
            language == .es ? (lowLabelES ?? lowLabel, highLabelES ?? highLabel) : (lowLabel, highLabel)
        }
    }

    public var question: String
    public var questionES: String?
    public var answer: Answer
    public var scale: Scale?
    public var measures: Measure
    public var reverse: Bool

    public init(question: String, questionES: String? = nil, answer: Answer, scale: Scale?, measures: Measure, reverse: Bool) {
        self.question = question
        self.questionES = questionES
        self.answer = answer
        self.scale = scale
        self.measures = measures
        self.reverse = reverse
    }
}
