/// One anonymous answer. It carries no participant, device, address or time: only what was answered.
public struct PulseAnswer: Sendable, Equatable, Codable, Hashable {
    public enum Traffic: String, Sendable, Codable, CaseIterable, Hashable {
        case green, yellow, red
    }

    public var value: Int?
    public var traffic: Traffic?
    public var words: [String]?
    public var text: String?
    public var comment: String?

    public init(value: Int? = nil, traffic: Traffic? = nil, words: [String]? = nil, text: String? = nil, comment: String? = nil) {
        self.value = value
        self.traffic = traffic
        self.words = words
        self.text = text
        self.comment = comment
    }

    public static let maxTextLength = 500
    public static let maxWords = 3

    /// Reads what a participant typed for a question; the error says what is expected, nothing more.
    public static func parse(_ input: String, for question: PulseQuestion) throws(CoreError) -> PulseAnswer {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .usage("expected \(question.answerHint)") }
        guard trimmed.count <= maxTextLength else { throw .usage("at most \(maxTextLength) characters, please") }
        let first = String(trimmed.prefix { !$0.isWhitespace })
        let rest = trimmed.dropFirst(first.count).trimmingCharacters(in: .whitespaces)
        let comment = rest.isEmpty ? nil : rest
        switch question.answer {
        case .scale:
            let scale = question.scale ?? .init(min: 1, max: 5, lowLabel: "", highLabel: "")
            guard let value = Int(first), (scale.min...scale.max).contains(value) else {
                throw .usage("expected \(question.answerHint)")
            }
            return PulseAnswer(value: value, comment: comment)
        case .traffic:
            let word = first.lowercased()
            guard let light = Traffic.allCases.first(where: { $0.rawValue == word || String($0.rawValue.prefix(1)) == word }) else {
                throw .usage("expected \(question.answerHint)")
            }
            return PulseAnswer(traffic: light, comment: comment)
        case .words:
            let words = trimmed.split { $0.isWhitespace || $0 == "," }.map { $0.lowercased() }
            guard (1...maxWords).contains(words.count) else { throw .usage("expected \(question.answerHint)") }
            return PulseAnswer(words: words)
        case .text:
            return PulseAnswer(text: trimmed)
        }
    }
}
