/// The segment question a segmented pulse asks before its own: the participant's seat category
/// (`/pulse ID --by category`) or the facilitator's own question with its options. Every answer
/// carries one option or "prefer not to say", and nothing else about who gave it.
public struct PulseSegments: Sendable, Equatable, Codable {
    public var question: String
    public var questionES: String?
    public var options: [String]
    /// True when the options are the group's seat categories.
    public var byCategory: Bool

    public init(question: String, questionES: String? = nil, options: [String], byCategory: Bool) {
        self.question = question
        self.questionES = questionES
        self.options = options
        self.byCategory = byCategory
    }

    /// The choice for anyone who would rather not say; a segment like the others for the threshold.
    public static let preferNot = "prefer not to say"

    public static func byCategory(_ categories: [String]) -> PulseSegments {
        PulseSegments(
            question: "Which best describes your seat at this table?", questionES: "¿Qué describe mejor tu lugar en esta mesa?",
            options: categories, byCategory: true)
    }

    /// Every choice a participant has, "prefer not to say" last.
    public var choices: [String] { options + [Self.preferNot] }

    public func question(in language: ParticipantLanguage) -> String { language == .es ? (questionES ?? question) : question }

    /// A choice as the participant reads it: categories and "prefer not to say" are translated; a
    /// facilitator's own options stay as they were written.
    public func name(_ choice: String, in language: ParticipantLanguage) -> String {
        guard language == .es else { return choice }
        if choice == Self.preferNot { return "prefiero no decirlo" }
        return byCategory ? Seat.name(choice, in: language) : choice
    }

    /// The choice a participant picked, by its number (1-based) or its name in either language.
    public func choice(_ input: String) -> String? {
        let typed = Seat.key(input)
        if let number = Int(typed), choices.indices.contains(number - 1) { return choices[number - 1] }
        return choices.first { Seat.key($0) == typed || Seat.key(name($0, in: .es)) == typed }
    }

    public static let maxOptions = 12
}
