import Foundation

/// A seat at the group's table: a person, an organization or a seat number, with its category.
/// The roster is what the room already sees; it holds no demographic data about named people.
public struct Seat: Sendable, Equatable, Codable {
    public var label: String
    public var category: String
    public var organization: String?

    public init(label: String, category: String, organization: String? = nil) {
        self.label = label
        self.category = category
        self.organization = organization
    }

    /// The categories a new group starts with (editable per group).
    public static let defaultCategories = ["resident", "grassroots", "nonprofit", "public", "funder", "business"]

    /// The categories whose share of the work the ownership-gap signal and the scorecard follow.
    public static let communityCategories: Set<String> = ["resident", "grassroots"]

    /// What turns and commitments of a label that is not on the roster count under.
    public static let unseated = "unseated"

    /// A category's name as a participant reads it on the page or in the pass round.
    public static func name(_ category: String, in language: ParticipantLanguage) -> String {
        guard language == .es else { return category }
        return spanish[category] ?? category
    }

    static let spanish = [
        "resident": "residente", "grassroots": "grupo comunitario", "nonprofit": "organización sin fines de lucro",
        "public": "sector público", "funder": "financiador", "business": "empresa",
    ]

    /// The longest label a seat, a turn or a commitment owner may have, wherever it is typed.
    public static let maxLabelLength = 60

    /// Labels are compared with spaces collapsed and case folded, so "United  Way" is "united way".
    public static func key(_ label: String) -> String {
        label.split(whereSeparator: \.isWhitespace).joined(separator: " ").folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}

/// How many seats of one category are present.
public struct CategoryCount: Sendable, Equatable, Codable {
    public var category: String
    public var count: Int

    public init(category: String, count: Int) {
        self.category = category
        self.count = count
    }
}

extension [Seat] {
    /// The seat a label names, compared as `Seat.key` does.
    public func seat(_ label: String) -> Seat? {
        let key = Seat.key(label)
        return first { Seat.key($0.label) == key }
    }

    /// The category a label counts under: its seat's, or "unseated".
    public func category(of label: String) -> String { seat(label)?.category ?? Seat.unseated }
}
