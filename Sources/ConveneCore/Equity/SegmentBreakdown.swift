import Foundation

/// A pulse's results by segment, as far as the threshold and the remainder rule allow: each shown
/// segment has at least k answers, and what the shown figures leave over (the total less the shown
/// segments) is either nothing or at least k answers from two or more hidden segments, shown pooled
/// as "other". So no hidden segment's count, mean or distribution can be worked out by subtraction.
public struct SegmentBreakdown: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        public var segment: String
        public var count: Int
        public var distribution: [PulseResult.Bar]

        public init(segment: String, count: Int, distribution: [PulseResult.Bar]) {
            self.segment = segment
            self.count = count
            self.distribution = distribution
        }

        /// The mean of a scale distribution (nil for traffic lights).
        public var mean: Double? {
            let values = distribution.compactMap { bar in Int(bar.label).map { (Double($0), bar.count) } }
            guard values.count == distribution.count, count > 0 else { return nil }
            return values.reduce(0) { $0 + $1.0 * Double($1.1) } / Double(count)
        }
    }

    public var question: String
    public var rows: [Row]
    /// The hidden segments pooled, shown only when the pool passes the rule.
    public var other: Row?

    public init(question: String, rows: [Row], other: Row? = nil) {
        self.question = question
        self.rows = rows
        self.other = other
    }

    /// The breakdown as it may be shown under `k` now: as kept when every shown segment and the pool
    /// still have k answers, else none of it. (A row cannot be hidden alone: the remainder rule was
    /// worked out at close from counts that are no longer kept, so hiding one row could leave it to
    /// be worked out by subtraction.) A raised threshold hides segments as it hides totals.
    public func judged(under k: Int) -> SegmentBreakdown {
        let counts = rows.map(\.count) + (other.map { [$0.count] } ?? [])
        return counts.allSatisfy { $0 >= k } ? self : SegmentBreakdown(question: question, rows: [])
    }

    /// Whether any segment (or the pool) is shown.
    public var isShown: Bool { !rows.isEmpty || other != nil }

    /// The label of the pooled row (a facilitator's option may itself be called "Other").
    public static let otherLabel = "other (pooled)"

    /// Which segments may be shown, and whether the hidden remainder may be shown pooled.
    /// `counts` holds every segment's answers (zero or more), "prefer not to say" included.
    public static func visible(counts: [String: Int], threshold k: Int) -> (shown: [String], pooled: Bool) {
        let total = counts.values.reduce(0, +)
        guard total >= k else { return ([], false) }
        // Largest first; the smallest shown is the next to hide, with every segment tied with it:
        // a tie broken by name would let the facilitator choose, by the labels, which one shows.
        var shown = counts.filter { $0.value >= k }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        while true {
            let remainder = total - shown.reduce(0) { $0 + counts[$1]! }
            let hidden = counts.filter { !shown.contains($0.key) && $0.value > 0 }.count
            if remainder == 0 { return (shown, false) }
            // The pool also needs room to move: if every hidden choice had to hold k − 1 answers to
            // make it up, each one's count could be worked out from the rule itself.
            let room = (counts.count - shown.count) * (k - 1)
            // With no segment shown the pool would be the total again: nothing by segment.
            if hidden >= 2 && remainder >= k && remainder < room { return (shown, !shown.isEmpty) }
            // One hidden segment, or a remainder under k: hide the smallest shown segment with it.
            guard let smallest = shown.last.map({ counts[$0]! }) else { return ([], false) }
            shown.removeAll { counts[$0]! == smallest }
        }
    }

    /// The breakdown of a closed, revealed pulse's answers; nil when the pulse is not segmented or
    /// is not a scale or traffic-light pulse.
    public init?(question: PulseQuestion, answers: [PulseAnswer], threshold k: Int) {
        guard let segments = question.segments, question.answer == .scale || question.answer == .traffic else { return nil }
        let bars: (ArraySlice<PulseAnswer>) -> [PulseResult.Bar]
        if question.answer == .scale {
            let scale = question.scale ?? .init(min: 1, max: 5, lowLabel: "", highLabel: "")
            bars = { group in (scale.min...scale.max).map { v in PulseResult.Bar(label: "\(v)", count: group.filter { $0.value == v }.count) } }
        } else {
            bars = { group in
                PulseAnswer.Traffic.allCases.map { light in PulseResult.Bar(label: light.rawValue, count: group.filter { $0.traffic == light }.count)
                }
            }
        }
        var counts = Dictionary(uniqueKeysWithValues: segments.choices.map { ($0, 0) })
        for answer in answers { counts[answer.segment ?? PulseSegments.preferNot, default: 0] += 1 }
        let (shown, pooled) = Self.visible(counts: counts, threshold: k)
        func group(_ names: Set<String>) -> ArraySlice<PulseAnswer> { answers.filter { names.contains($0.segment ?? PulseSegments.preferNot) }[...] }
        let rows = shown.map { name in Row(segment: name, count: counts[name]!, distribution: bars(group([name]))) }
        var other: Row?
        if pooled {
            let hidden = Set(counts.keys).subtracting(shown)
            let pool = group(hidden)
            other = Row(segment: Self.otherLabel, count: pool.count, distribution: bars(pool))
        }
        self.init(question: segments.question, rows: rows, other: other)
    }

    /// Means on a 1–5 scale, turned round for reverse-worded questions, by shown segment (not the
    /// pool, nor "prefer not to say": neither is a part of the room one can act for).
    public func normalizedMeans(scale: (min: Int, max: Int), reverse: Bool) -> [(segment: String, mean: Double)] {
        guard scale.max > scale.min else { return [] }
        return rows.filter { $0.segment != PulseSegments.preferNot }.compactMap { row in
            guard let mean = row.mean else { return nil }
            let value = reverse ? Double(scale.min + scale.max) - mean : mean
            return (row.segment, 1 + 4 * (value - Double(scale.min)) / Double(scale.max - scale.min))
        }
    }

    /// Terminal lines: one per shown segment, then the pool, then what is hidden and why.
    public func lines(threshold: Int) -> [OutputLine] {
        var lines = [OutputLine("By segment: \(TerminalText.sanitize(question, singleLine: true))", .emphasis)]
        let all = rows + (other.map { [$0] } ?? [])
        let width = min(28, all.map { TerminalText.displayWidth(TerminalText.sanitize($0.segment, singleLine: true)) }.max() ?? 5)
        for row in all {
            let name = TerminalText.sanitize(row.segment, singleLine: true)
            let pad = String(repeating: " ", count: max(0, width - TerminalText.displayWidth(name)))
            let figure =
                row.mean.map { "mean \(PulseResult.format($0))" } ?? row.distribution.map { "\($0.label) \($0.count)" }.joined(separator: " · ")
            lines.append(OutputLine("  \(name)\(pad)  \(String(format: "%3d", row.count)) answers · \(figure)", hang: width + 4))
        }
        if all.isEmpty {
            lines.append(.dim("  No segment reaches \(threshold) answers in a way that keeps the others hidden, so none is shown."))
        } else {
            lines.append(.dim("  Segments under \(threshold) answers, and any that could be worked out from the others, are not shown."))
        }
        return lines
    }
}
