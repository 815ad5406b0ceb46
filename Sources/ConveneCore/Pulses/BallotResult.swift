/// What became of one answer from a phone.
public enum BallotResult: Sendable, Equatable {
    case accepted
    /// This device already answered this pulse.
    case duplicate
    /// The pulse is closed (or not open in this session, or the session ended).
    case closed
    /// The pulse already has an answer for everyone present (or no one has been counted yet).
    case full
    /// The answer names a segment the pulse does not offer.
    case refused
}
