/// How a room takes its stance on a proposal (DESIGN.md, "The group's business").
public enum DecisionMethod: String, Codable, Sendable, CaseIterable {
    /// Eight levels, from wholehearted endorsement to block.
    case gradients
    /// Zero to five fingers.
    case fistToFive = "fist-to-five"
    /// Objections heard, then "no objection" or "block".
    case consent
    /// Yes, no, abstain.
    case majority
    /// Dots among options: a ranking, not a decision on its own.
    case dotVote = "dot-vote"

    /// The name a facilitator reads.
    public var name: String {
        switch self {
        case .gradients: "gradients of agreement"
        case .fistToFive: "fist-to-five"
        case .consent: "consent"
        case .majority: "majority vote"
        case .dotVote: "dot vote"
        }
    }

    /// The library card that runs it in a meeting.
    public var cardID: String {
        switch self {
        case .gradients: "gradients-of-agreement"
        case .fistToFive: "fist-to-five"
        case .consent: "consent-round"
        case .majority: "majority-vote-with-quorum"
        case .dotVote: "dot-vote-who-is-voting"
        }
    }
}
