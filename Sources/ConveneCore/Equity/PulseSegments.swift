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

    /// What makes two segmentations the same division of the room: by category or by the same
    /// question, and the same options as a set (their order and spelling do not matter).
    public var identity: String {
        let options = options.map(Seat.key).sorted().joined(separator: "|")
        return byCategory ? "category:\(options)" : "question:\(Seat.key(question)):\(options)"
    }

    /// The group's segment question asked as `question`, among those declared or asked before.
    public static func named(_ question: String, in declared: [PulseSegments]) -> PulseSegments? {
        let key = Seat.key(question)
        return declared.first { !$0.byCategory && Seat.key($0.question) == key }
    }

    /// `asked` as the group may ask it: a segment question keeps the options it was declared (or
    /// first asked) with, so two pulses never divide the room two ways under one name.
    public static func checked(_ asked: PulseSegments, against declared: [PulseSegments]) throws(CoreError) -> PulseSegments {
        guard let known = named(asked.question, in: declared) else { return asked }
        guard known.identity == asked.identity else {
            throw .refused(
                "the group's segment question \(known.summary) keeps its options, so answers cannot be subtracted across pulses: ask --by \"\(TerminalText.sanitize(known.question, singleLine: true))\" with no options, or ask a new question"
            )
        }
        return known
    }

    /// How the facilitator asks for it again: `--by category` or `--by "QUESTION"`.
    public var byArgument: String {
        byCategory ? "--by category" : "--by \"\(TerminalText.sanitize(question, singleLine: true))\""
    }

    /// The division as a person reads it: the question and its options.
    public var summary: String {
        let options = options.map { TerminalText.sanitize($0, singleLine: true) }.joined(separator: ", ")
        return byCategory ? "seat category (\(options))" : "“\(TerminalText.sanitize(question, singleLine: true))” (\(options))"
    }
}
