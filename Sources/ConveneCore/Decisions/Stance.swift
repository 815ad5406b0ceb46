/// What a participant can answer to a proposal, by the method the room decides by. A stance round
/// is a pulse (so the anonymity contract holds as it does for any pulse: k, headcount, results only
/// after close); its value is the level's support, higher for more support.
public struct Stance: Codable, Sendable, Equatable {
    public struct Level: Sendable, Equatable {
        public var value: Int
        public var name: String
        public var nameES: String

        public func name(in language: ParticipantLanguage) -> String { language == .es ? nameES : name }
    }

    /// The proposal's number in the group's decisions.
    public var proposal: Int
    public var method: DecisionMethod
    /// The options of a dot vote (one dot each), empty for the other methods.
    public var options: [String]

    public init(proposal: Int, method: DecisionMethod, options: [String] = []) {
        self.proposal = proposal
        self.method = method
        self.options = options
    }

    /// The levels in the order a participant reads them: most support first.
    public var levels: [Level] {
        switch method {
        case .gradients:
            return [
                Level(value: 8, name: "wholehearted endorsement", nameES: "apoyo total"),
                Level(value: 7, name: "agree with a minor point", nameES: "de acuerdo, con un punto menor"),
                Level(value: 6, name: "support with reservations", nameES: "apoyo con reservas"),
                Level(value: 5, name: "abstain", nameES: "me abstengo"),
                Level(value: 4, name: "more discussion needed", nameES: "hace falta más diálogo"),
                Level(value: 3, name: "don't like it but will support", nameES: "no me gusta, pero lo apoyaré"),
                Level(value: 2, name: "serious disagreement", nameES: "desacuerdo serio"),
                Level(value: 1, name: "block", nameES: "bloqueo"),
            ]
        case .fistToFive:
            return [
                Level(value: 5, name: "five: full support", nameES: "cinco: apoyo total"),
                Level(value: 4, name: "four: support", nameES: "cuatro: apoyo"),
                Level(value: 3, name: "three: I can live with it", nameES: "tres: puedo vivir con ello"),
                Level(value: 2, name: "two: real concerns", nameES: "dos: tengo dudas reales"),
                Level(value: 1, name: "one: serious concerns", nameES: "uno: dudas serias"),
                Level(value: 0, name: "fist: block", nameES: "puño: bloqueo"),
            ]
        case .consent:
            return [Level(value: 2, name: "no objection", nameES: "sin objeción"), Level(value: 1, name: "block", nameES: "bloqueo")]
        case .majority:
            return [
                Level(value: 3, name: "yes", nameES: "sí"), Level(value: 1, name: "no", nameES: "no"),
                Level(value: 2, name: "abstain", nameES: "me abstengo"),
            ]
        case .dotVote:
            return options.enumerated().map { Level(value: $0.offset + 1, name: $0.element, nameES: $0.element) }
        }
    }

    /// The value a block takes (nil: the method has none).
    public var block: Int? {
        switch method {
        case .gradients, .consent: 1
        case .fistToFive: 0
        case .majority, .dotVote: nil
        }
    }

    public func level(_ value: Int) -> Level? { levels.first { $0.value == value } }

    /// The answer a participant or the facilitator types: the level's value, or its name in either language.
    public func value(_ typed: String) -> Int? {
        let key = Seat.key(typed)
        if let number = Int(key), level(number) != nil { return number }
        return levels.first { Seat.key($0.name) == key || Seat.key($0.nameES) == key }?.value
    }

    /// The pulse question that takes the room's stance on `text`.
    public func question(_ text: String) -> PulseQuestion {
        let values = levels.map(\.value)
        let low = levels.min { $0.value < $1.value }!
        let high = levels.max { $0.value < $1.value }!
        var question = PulseQuestion(
            text: text, answer: .scale,
            scale: .init(
                min: values.min()!, max: values.max()!, lowLabel: low.name, highLabel: high.name, lowLabelES: low.nameES, highLabelES: high.nameES))
        question.stance = self
        return question
    }

    /// Every level, as the pass round and the page list them.
    public func hint(in language: ParticipantLanguage) -> String {
        levels.map { "\($0.value) \($0.name(in: language))" }.joined(separator: " · ")
    }
}
