import Foundation

/// What a pulse keeps when it closes, decided once by the core and carried out by the store in the
/// same transaction as the close: the count and the headcount it is judged against for good, the k
/// promised at open and the group's k now, whether its answers may ever be shown (else they are
/// deleted and only the count stays), and the results by segment the remainder rule allows (the
/// answers then lose their segment).
public struct PulseSeal: Sendable, Equatable {
    public var pulse: Int
    public var count: Int
    public var present: Int?
    /// The k promised when the pulse opened.
    public var promised: Int
    /// The group's k when it closed.
    public var groupThreshold: Int
    /// Whether the answers are kept: the pulse can be shown under the larger of the two k.
    public var keep: Bool
    /// How many answers gave each scale value, for the trends (empty unless kept).
    public var values: [Int: Int]
    /// The segments that may be kept (nil unless kept and segmented).
    public var segments: SegmentBreakdown?

    /// The seal of `pulse`, closed with all its answers in memory, under the group's k now.
    /// `owner` is the division its question was already shown by, if any: under another one, no
    /// segment is kept (the two could be subtracted from each other).
    public init(closing pulse: PulseState, groupThreshold: Int, owner: PulseSegments? = nil) {
        self.pulse = pulse.number
        count = pulse.count
        present = pulse.present
        promised = pulse.threshold
        self.groupThreshold = groupThreshold
        let k = max(pulse.threshold, groupThreshold)
        keep = PulseResult.reveals(closed: true, count: count, threshold: k, present: present)
        values = keep ? pulse.valueCounts : [:]
        if keep, let asked = pulse.question.segments {
            let crossed = owner.map { $0.identity != asked.identity } ?? false
            segments =
                crossed || pulse.segmentsLost
                ? SegmentBreakdown(question: asked.question, rows: [])
                : SegmentBreakdown(question: pulse.question, answers: pulse.answers, threshold: k)
        } else {
            segments = nil
        }
    }

    /// The k the pulse is judged under: the larger of the one promised and the group's.
    public var threshold: Int { max(promised, groupThreshold) }
}
