/// What an item of the library is for; `pulse` items are questions, the rest are activities.
public enum ActivityKind: String, CaseIterable, Codable, Sendable {
    case checkin, trust, vulnerability, conflict, inclusion, ownership, accountability, learning, checkout, energizer, pulse

    public var label: String {
        switch self {
        case .checkin: "check-in"
        case .checkout: "check-out"
        default: rawValue
        }
    }
}
