import Foundation

/// Which division of the room each pulse question has been shown by. Results by segment of one
/// question under two divisions whose cells overlap could be subtracted from each other (County 5
/// answers beside "County or parent" 6 gives the one parent's answer), so the first division a
/// question is shown by owns it: within a group's history, that question's segments are shown
/// under no other. A segmentation belongs to the group, so asking again the same way is fine.
public struct SegmentLedger: Sendable, Equatable, Codable {
    /// The owning division, by the question's key.
    public private(set) var owners: [String: PulseSegments] = [:]

    public init() {}

    /// The same question however it is spaced or capitalised.
    public static func key(_ question: String) -> String { Seat.key(question) }

    /// The division that owns `question`, if it has been shown by segment.
    public func owner(of question: String) -> PulseSegments? { owners[Self.key(question)] }

    /// Whether `question`'s segments may be shown divided as `segments`.
    public func allows(_ segments: PulseSegments, for question: String) -> Bool {
        owner(of: question).map { $0.identity == segments.identity } ?? true
    }

    /// Notes that `question` was shown divided as `segments` (the first one stays the owner).
    public mutating func record(_ segments: PulseSegments, for question: String) {
        let key = Self.key(question)
        if owners[key] == nil { owners[key] = segments }
    }

    /// The breakdown as one reader may see it in a history read in time order: the first division
    /// to show a question's segments is recorded; a later one under another division shows none.
    public mutating func judge(_ breakdown: SegmentBreakdown?, by segments: PulseSegments?, for question: String) -> SegmentBreakdown? {
        guard let breakdown, let segments, breakdown.isShown else { return breakdown }
        guard allows(segments, for: question) else { return SegmentBreakdown(question: breakdown.question, rows: []) }
        record(segments, for: question)
        return breakdown
    }
}
