/// One of the group's own agenda items: what the meeting is for, beside the process cards that
/// carry it. `- {item: "FY27 reading grants: which three neighbourhoods", purpose: decide,
/// minutes: 30, lead: "United Way", method: gradients}` in a plan.
public struct BusinessItem: Codable, Sendable, Equatable {
    /// What the room does with the item.
    public enum Purpose: String, Codable, Sendable, CaseIterable {
        case inform, discuss, decide
    }

    public var title: String
    public var purpose: Purpose
    public var minutes: Int
    /// Who brings it (an organization or a seat), if anyone.
    public var lead: String?
    /// How the room decides it (decide items; nil: the group's rule).
    public var method: DecisionMethod?

    public init(title: String, purpose: Purpose, minutes: Int, lead: String? = nil, method: DecisionMethod? = nil) {
        self.title = title
        self.purpose = purpose
        self.minutes = minutes
        self.lead = lead
        self.method = method
    }

    public static let maxTitleLength = 200
}

extension BusinessItem {
    /// Reads "TITLE: PURPOSE MINUTES [METHOD]": `Resident stipend policy: decide 15 consent`.
    public static func parse(_ text: String) throws(CoreError) -> BusinessItem {
        let form = "an item is \"TITLE: PURPOSE MINUTES [METHOD]\", like \"FY27 reading grants: decide 30 gradients\""
        guard let colon = text.range(of: ":", options: .backwards) else { throw .usage(form) }
        let title = text[..<colon.lowerBound].trimmingCharacters(in: .whitespaces)
        let words = text[colon.upperBound...].split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
        guard !title.isEmpty, title.count <= maxTitleLength, !PulseAnswer.hasControlCharacters(title) else {
            throw .usage("the item's title must be 1 to \(maxTitleLength) characters: " + form)
        }
        guard (2...3).contains(words.count) else { throw .usage(form) }
        guard let purpose = Purpose(rawValue: words[0]) else {
            throw .usage("unknown purpose \"\(CommandParser.shown(words[0]))\": inform, discuss or decide")
        }
        guard let minutes = Int(words[1].hasSuffix("min") ? String(words[1].dropLast(3)) : words[1]), (1...480).contains(minutes) else {
            throw .usage("the item's minutes must be a number from 1 to 480 (got \"\(CommandParser.shown(words[1]))\")")
        }
        var method: DecisionMethod?
        if words.count == 3 {
            guard let named = DecisionMethod(rawValue: words[2]) else {
                throw .usage(
                    "unknown method \"\(CommandParser.shown(words[2]))\": \(DecisionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard purpose == .decide else { throw .usage("only a decide item has a method") }
            method = named
        }
        return BusinessItem(title: title, purpose: purpose, minutes: minutes, method: method)
    }

    /// How the item reads on the agenda: "FY27 reading grants (decide, 30 min, gradients of agreement)".
    public var label: String {
        var parts = [purpose.rawValue, "\(minutes) min"]
        if let lead { parts.append("lead: \(TerminalText.sanitize(lead, singleLine: true))") }
        if let method { parts.append(method.name) }
        return "\(TerminalText.sanitize(title, singleLine: true)) (\(parts.joined(separator: ", ")))"
    }
}
