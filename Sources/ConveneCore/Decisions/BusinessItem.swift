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
    /// How the item reads on the agenda: "FY27 reading grants (decide, 30 min, gradients of agreement)".
    public var label: String {
        var parts = [purpose.rawValue, "\(minutes) min"]
        if let lead { parts.append("lead: \(TerminalText.sanitize(lead, singleLine: true))") }
        if let method { parts.append(method.name) }
        return "\(TerminalText.sanitize(title, singleLine: true)) (\(parts.joined(separator: ", ")))"
    }
}
