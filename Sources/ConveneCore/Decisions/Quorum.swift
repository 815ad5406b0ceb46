/// The seat categories that must be present for the group to decide (`--quorum resident=1,grassroots=1`).
public struct Quorum: Codable, Sendable, Equatable {
    public var required: [CategoryCount]

    public init(required: [CategoryCount] = []) {
        self.required = required
    }

    public var isEmpty: Bool { required.isEmpty }

    /// Reads "resident=1,grassroots=1" against the group's categories.
    public static func parse(_ text: String, categories: [String]) throws(CoreError) -> Quorum {
        var required: [CategoryCount] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let pieces = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard pieces.count == 2, let count = Int(pieces[1]), (1...99).contains(count) else {
                throw .usage("--quorum takes CATEGORY=N pairs, comma-separated: --quorum resident=1,grassroots=1 (\"\(part)\" is not one)")
            }
            guard categories.contains(pieces[0]) else {
                throw .usage("--quorum: the group has no seat category \"\(pieces[0])\" (its categories: \(categories.joined(separator: ", ")))")
            }
            required.append(CategoryCount(category: pieces[0], count: count))
        }
        return Quorum(required: required)
    }

    public var text: String { required.map { "\($0.category)=\($0.count)" }.joined(separator: ",") }

    /// The categories short of the quorum, given who is present by category (nil: the headcount
    /// was not taken by category, so the quorum cannot be checked).
    public func missing(present: [CategoryCount]?) -> [String]? {
        guard !isEmpty else { return [] }
        guard let present else { return nil }
        return required.filter { need in (present.first { $0.category == need.category }?.count ?? 0) < need.count }.map(\.category)
    }
}
