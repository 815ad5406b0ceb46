/// One anonymous answer. It carries no participant, device, address or time: only what was answered.
public struct PulseAnswer: Sendable, Equatable, Codable, Hashable {
    public enum Traffic: String, Sendable, Codable, CaseIterable, Hashable {
        case green, yellow, red

        public func name(in language: ParticipantLanguage) -> String {
            switch self {
            case .green: return language.pick("Green", "Verde")
            case .yellow: return language.pick("Yellow", "Amarillo")
            case .red: return language.pick("Red", "Rojo")
            }
        }

        /// What a participant may type for it, in either language.
        var words: Set<String> {
            switch self {
            case .green: return ["green", "g", "verde", "v"]
            case .yellow: return ["yellow", "y", "amarillo", "a"]
            case .red: return ["red", "r", "rojo"]
            }
        }
    }

    public var value: Int?
    public var traffic: Traffic?
    public var words: [String]?
    public var text: String?
    public var comment: String?
    /// The segment the participant picked, for a segmented pulse: one of its choices, nothing else.
    public var segment: String?

    public init(
        value: Int? = nil, traffic: Traffic? = nil, words: [String]? = nil, text: String? = nil, comment: String? = nil, segment: String? = nil
    ) {
        self.segment = segment
        self.value = value
        self.traffic = traffic
        self.words = words
        self.text = text
        self.comment = comment
    }

    public static let maxTextLength = 500
    public static let maxWords = 3

    /// Whether text holds a control character other than newline and tab (a NUL, an escape): such
    /// an answer is refused whole and retyped, never cut or silently changed.
    public static func hasControlCharacters(_ text: String) -> Bool {
        // The control category is exactly C0 and C1 with DEL: U+0000–U+001F and U+007F–U+009F.
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
    }

    /// Reads what a participant typed for a question; the error says what is expected, nothing more,
    /// in the participant's language.
    public static func parse(_ input: String, for question: PulseQuestion, in language: ParticipantLanguage = .en) throws(CoreError) -> PulseAnswer {
        let expected = language.pick("expected ", "se esperaba ") + question.answerHint(in: language)
        guard !hasControlCharacters(input) else {
            throw .usage(
                language.pick(
                    "the answer has a control character (often from pasting): please type it again",
                    "la respuesta tiene un carácter de control (suele venir de pegar texto): escríbela otra vez"))
        }
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .usage(expected) }
        let first = String(trimmed.prefix { !$0.isWhitespace })
        let rest = trimmed.dropFirst(first.count).trimmingCharacters(in: .whitespaces)
        // The limit is on what was written: the text, or the comment after a value (not the line).
        let written = question.answer == .scale || question.answer == .traffic ? rest : trimmed
        guard written.count <= maxTextLength else {
            throw .usage(language.pick("at most \(maxTextLength) characters, please", "como máximo \(maxTextLength) caracteres, por favor"))
        }
        let comment = rest.isEmpty ? nil : rest
        switch question.answer {
        case .scale:
            if let stance = question.stance {
                // A level by its number, or by its whole name ("block", "bloqueo"): no comment.
                guard let value = stance.value(trimmed) ?? stance.value(first) else { throw .usage(expected) }
                return PulseAnswer(value: value, comment: stance.value(trimmed) == nil ? comment : nil)
            }
            let scale = question.scale ?? .init(min: 1, max: 5, lowLabel: "", highLabel: "")
            guard let value = Int(first), (scale.min...scale.max).contains(value) else { throw .usage(expected) }
            return PulseAnswer(value: value, comment: comment)
        case .traffic:
            let word = first.lowercased()
            // English and Spanish words are both understood, whoever holds the keyboard.
            guard let light = Traffic.allCases.first(where: { $0.words.contains(word) }) else { throw .usage(expected) }
            return PulseAnswer(traffic: light, comment: comment)
        case .words:
            let words = trimmed.split { $0.isWhitespace || $0 == "," }.map { $0.lowercased() }
            guard (1...maxWords).contains(words.count) else { throw .usage(expected) }
            return PulseAnswer(words: words)
        case .text:
            return PulseAnswer(text: trimmed)
        }
    }
}
