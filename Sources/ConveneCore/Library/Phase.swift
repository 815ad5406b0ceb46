/// The job an activity does in a meeting's arc, in the order a meeting runs them.
public enum Phase: String, CaseIterable, Codable, Sendable, Comparable {
    case open, connect, context, work, decide, close

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.rank < rhs.rank }
}
