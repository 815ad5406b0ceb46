/// How much personal exposure an activity asks of people.
public enum Intensity: String, CaseIterable, Codable, Sendable, Comparable {
    case low, medium, high

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: Intensity, rhs: Intensity) -> Bool { lhs.rank < rhs.rank }
}
