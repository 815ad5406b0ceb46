/// The question a pulse asks: from the library, or written on the spot by the facilitator.
public struct PulseQuestion: Sendable, Equatable, Codable {
    public var libraryID: String?
    public var text: String
    /// The question in Spanish, for the page and the pass round (library questions carry it).
    public var textES: String?
    public var answer: PulseSpec.Answer
    public var scale: PulseSpec.Scale?
    public var measures: PulseSpec.Measure?
    public var reverse: Bool
    /// The segment question asked first, for a segmented pulse (`/pulse ID --by ...`).
    public var segments: PulseSegments?
    /// The proposal and method, when the pulse takes the room's stance on a decision (`/decide`).
    public var stance: Stance?

    public init(
        libraryID: String? = nil, text: String, textES: String? = nil, answer: PulseSpec.Answer, scale: PulseSpec.Scale? = nil,
        measures: PulseSpec.Measure? = nil, reverse: Bool = false, segments: PulseSegments? = nil
    ) {
        self.segments = segments
        self.libraryID = libraryID
        self.text = text
        self.textES = textES
        self.answer = answer
        self.scale = scale
        self.measures = measures
        self.reverse = reverse
    }

    public init(_ activity: Activity, pulse: PulseSpec) {
        self.init(
            libraryID: activity.id, text: pulse.question, textES: pulse.questionES, answer: pulse.answer, scale: pulse.scale,
            measures: pulse.measures, reverse: pulse.reverse)
    }

    /// Whether an answer's segment is one this question offers: none for a pulse that is not
    /// segmented, one of its choices for one that is.
    public func accepts(segment: String?) -> Bool {
        guard let segments else { return segment == nil }
        return segment.map(segments.choices.contains) ?? false
    }

    /// The question as a participant reads it (the facilitator's own words when it has no translation).
    public func text(in language: ParticipantLanguage) -> String { language == .es ? (textES ?? text) : text }

    /// What a participant is told they may answer.
    public var answerHint: String { answerHint(in: .en) }

    public func answerHint(in language: ParticipantLanguage) -> String {
        if let stance {
            return language.pick("one of ", "una de estas: ") + stance.hint(in: language)
        }
        switch answer {
        case .scale:
            let scale = scale ?? .init(min: 1, max: 5, lowLabel: "", highLabel: "")
            let labels = scale.labels(in: language)
            let low = labels.low.isEmpty ? "" : " (\(labels.low))"
            let high = labels.high.isEmpty ? "" : " (\(labels.high))"
            return language.pick(
                "a number from \(scale.min)\(low) to \(scale.max)\(high); add a comment after it if you like: 4 good progress",
                "un número del \(scale.min)\(low) al \(scale.max)\(high); si quieres, añade un comentario después: 4 vamos bien")
        case .traffic:
            return language.pick(
                "green, yellow or red (g, y, r); add a comment after it if you like",
                "verde, amarillo o rojo (v, a, r); si quieres, añade un comentario después")
        case .words:
            return language.pick("up to three words", "hasta tres palabras")
        case .text:
            return language.pick(
                "a few sentences (at most \(PulseAnswer.maxTextLength) characters)",
                "unas frases (como máximo \(PulseAnswer.maxTextLength) caracteres)")
        }
    }
}
