/// What an item of the library is for; `pulse` items are questions, the rest are activities.
/// A `break` card is time off: plans place it, nobody facilitates it.
public enum ActivityKind: String, CaseIterable, Codable, Sendable {
    case checkin, trust, vulnerability, conflict, inclusion, ownership, accountability, learning, checkout, energizer
    case pause = "break"
    case pulse

    public var label: String {
        switch self {
        case .checkin: "check-in"
        case .checkout: "check-out"
        default: rawValue
        }
    }
}
