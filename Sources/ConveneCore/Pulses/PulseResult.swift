import Foundation

/// What may be shown of a pulse. Values, distributions and comments appear only when the pulse is
/// closed, has at least k answers (the larger of the k promised at open and the group's now), and
/// has no more answers than people present; otherwise only the count. Comments come in the order
/// of the answers' random keys: random, and the same on every surface (REPL, Markdown, JSON).
public struct PulseResult: Sendable, Equatable, Codable {
    public struct Bar: Sendable, Equatable, Codable {
        public var label: String
        public var count: Int

        public init(label: String, count: Int) {
            self.label = label
            self.count = count
        }
    }

    public var number: Int
    public var question: String
    public var libraryID: String?
    public var answer: PulseSpec.Answer
    public var measures: PulseSpec.Measure?
    public var reverse: Bool
    /// True for a decision's stance round (`/decide`).
    public var stance = false
    public var count: Int
    public var closed: Bool
    public var threshold: Int
    /// The headcount when the result was read, if one was set: k counts people, not devices.
    public var present: Int?
    /// True when values are shown: closed, count ≥ threshold, and count ≤ present.
    public var revealed: Bool
    public var mean: Double?
    public var median: Double?
    public var standardDeviation: Double?
    public var distribution: [Bar]?
    public var comments: [String]?
    public var texts: [String]?
    /// Results by segment, for a segmented pulse, as the remainder rule allows.
    public var segments: SegmentBreakdown?

    /// `threshold` is the group's k now; the pulse's own promised k is the floor. `answers` must be in
    /// the store's key order (random): no shuffle happens here, so the core needs no random numbers.
    public init(pulse: PulseState, threshold groupThreshold: Int, present: Int? = nil) {
        number = pulse.number
        question = pulse.question.text
        libraryID = pulse.question.libraryID
        answer = pulse.question.answer
        measures = pulse.question.measures
        reverse = pulse.question.reverse
        stance = pulse.question.stance != nil
        count = pulse.count
        closed = pulse.isClosed
        threshold = max(groupThreshold, pulse.threshold)
        // A closed pulse is judged against the headcount it closed with, whatever it is now.
        let present = pulse.isClosed ? pulse.present ?? present : present
        self.present = present
        revealed = Self.reveals(closed: closed, count: count, threshold: threshold, present: present)
        guard revealed else { return }
        let answers = pulse.answers
        switch answer {
        case .scale where pulse.question.stance != nil:
            // A stance: each level by its name, most support first; a mean of levels means nothing.
            let values = answers.compactMap(\.value)
            distribution = pulse.question.stance!.levels.map { level in Bar(label: level.name, count: values.filter { $0 == level.value }.count) }
        case .scale:
            let values = answers.compactMap(\.value)
            let stats = Statistics(values.map(Double.init))
            mean = stats.mean
            median = stats.median
            standardDeviation = stats.standardDeviation
            let scale = pulse.question.scale ?? .init(min: 1, max: 5, lowLabel: "", highLabel: "")
            distribution = (scale.min...scale.max).map { v in Bar(label: "\(v)", count: values.filter { $0 == v }.count) }
        case .traffic:
            distribution = Self.trafficCounts(answers.map(\.traffic))
        case .words:
            distribution = Self.wordCounts(answers.flatMap { $0.words ?? [] })
        case .text:
            texts = answers.compactMap(\.text)
        }
        segments =
            answers.contains { $0.segment != nil }
            ? SegmentBreakdown(question: pulse.question, answers: answers, threshold: threshold)
            : pulse.storedSegments?.judged(under: threshold)
        let notes = answers.compactMap(\.comment)
        if answer != .text, !notes.isEmpty { comments = notes }
    }

    /// Green, yellow and red, in that order, with their counts (zeros included).
    public static func trafficCounts(_ lights: [PulseAnswer.Traffic?]) -> [Bar] {
        PulseAnswer.Traffic.allCases.map { light in Bar(label: light.rawValue, count: lights.filter { $0 == light }.count) }
    }

    /// Each word's count, most frequent first. Filler words ("but", "and", "y", "pero") say
    /// nothing about the room and are not counted.
    public static func wordCounts(_ words: [String]) -> [Bar] {
        var counts: [String: Int] = [:]
        for word in words where !FillerWords.contains(word) { counts[word, default: 0] += 1 }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { Bar(label: $0.key, count: $0.value) }
    }

    /// The one rule for showing a pulse's values: closed for good, at least k answers, and no more
    /// answers than people present (more would mean someone answered twice).
    public static func reveals(closed: Bool, count: Int, threshold: Int, present: Int?) -> Bool {
        closed && count >= threshold && (present.map { count <= $0 } ?? true)
    }

    /// "6 answers from 8 present", or "6 answers" when no headcount was taken.
    public var countText: String {
        Plural.count(count, "answer") + (present.map { " from \($0) present" } ?? "")
    }

    /// Lines for the terminal, with a bar histogram. All participant text is sanitized.
    public func lines() -> [OutputLine] {
        var lines: [OutputLine] = [.heading("\(stance ? "Stance round" : "Pulse") \(number): “\(TerminalText.sanitize(question, singleLine: true))”")]
        let answers = countText
        guard closed else {
            lines.append(OutputLine("\(answers) so far. Results appear only after /close, never while answers come in.", .dim))
            return lines
        }
        if let present, count > present {
            lines.append(OutputLine("\(answers): more answers than people, so nothing more is shown.", .warning))
            return lines
        }
        guard revealed else {
            lines.append(
                OutputLine(
                    "\(answers). Nothing more is shown below \(threshold) answers (the threshold this pulse was asked under), so that no answer can be traced.",
                    .warning))
            return lines
        }
        if let mean, let median, let standardDeviation {
            lines.append(
                OutputLine(
                    "\(answers) · mean \(Self.format(mean)) · median \(Self.format(median)) · sd \(Self.format(standardDeviation))\(reverse ? " · reverse-worded: high means less \(measures?.rawValue ?? "")" : "")"
                ))
        } else {
            lines.append(OutputLine(answers))
        }
        if let distribution {
            let labelWidth = distribution.map { TerminalText.displayWidth(TerminalText.sanitize($0.label, singleLine: true)) }.max() ?? 1
            let most = max(1, distribution.map(\.count).max() ?? 1)
            for bar in distribution.prefix(15) {
                let label = TerminalText.sanitize(bar.label, singleLine: true)
                let pad = String(repeating: " ", count: max(0, labelWidth - TerminalText.displayWidth(label)))
                // The terminal fits the bar to its width (the longest bar 40 columns at most).
                lines.append(
                    OutputLine("  \(pad)\(label) │", bar: .init(fraction: Double(bar.count) / Double(most), after: " \(bar.count)", longest: 40)))
            }
        }
        if let segments { lines += segments.lines(threshold: threshold) }
        if let texts {
            for text in texts { lines.append(OutputLine("  · " + TerminalText.sanitize(text, singleLine: true))) }
        }
        if let comments {
            lines.append(OutputLine("Comments (in random order):", .emphasis))
            for comment in comments { lines.append(OutputLine("  · " + TerminalText.sanitize(comment, singleLine: true))) }
        }
        return lines
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
