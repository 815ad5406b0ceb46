/// The language a participant reads: the page's (by the browser, switchable) or, in a pass round,
/// the group's (`convene groups set NAME --language es`).
public enum ParticipantLanguage: String, CaseIterable, Codable, Sendable {
    case en, es

    /// One word or sentence, in this language.
    public func pick(_ english: String, _ spanish: String) -> String { self == .es ? spanish : english }

    public var name: String { pick("English", "Español") }
}
