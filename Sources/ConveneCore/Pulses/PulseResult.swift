import Foundation

/// What may be shown of a pulse. Values, distributions and comments appear only when the pulse is
/// closed and has at least k answers; otherwise only the count. Comments come in random order.
public struct PulseResult: Sendable, Equatable, Codable {
    public struct Bar: Sendable, Equatable, Codable {
        public var label: String
        public var count: Int
    }

    public var number: Int
    public var question: String
    public var libraryID: String?
    public var answer: PulseSpec.Answer
    public var measures: PulseSpec.Measure?
    public var reverse: Bool
    public var count: Int
    public var closed: Bool
    public var threshold: Int
    /// True when values are shown: closed and count ≥ threshold.
    public var revealed: Bool
    public var mean: Double?
    public var median: Double?
    public var standardDeviation: Double?
    public var distribution: [Bar]?
    public var comments: [String]?
    public var texts: [String]?

    public init<R: RandomNumberGenerator>(pulse: PulseState, threshold: Int, using random: inout R) {
        number = pulse.number
        question = pulse.question.text
        libraryID = pulse.question.libraryID
        answer = pulse.question.answer
        measures = pulse.question.measures
        reverse = pulse.question.reverse
        count = pulse.answers.count
        closed = pulse.isClosed
        self.threshold = threshold
        revealed = closed && count >= threshold
        guard revealed else { return }
        let answers = pulse.answers
        switch answer {
        case .scale:
            let values = answers.compactMap(\.value)
            let stats = Statistics(values.map(Double.init))
            mean = stats.mean
            median = stats.median
            standardDeviation = stats.standardDeviation
            let scale = pulse.question.scale ?? .init(min: 1, max: 5, lowLabel: "", highLabel: "")
            distribution = (scale.min...scale.max).map { v in Bar(label: "\(v)", count: values.filter { $0 == v }.count) }
        case .traffic:
            distribution = PulseAnswer.Traffic.allCases.map { light in Bar(label: light.rawValue, count: answers.filter { $0.traffic == light }.count) }
        case .words:
            var counts: [String: Int] = [:]
            for word in answers.flatMap({ $0.words ?? [] }) { counts[word, default: 0] += 1 }
            distribution = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { Bar(label: $0.key, count: $0.value) }
        case .text:
            texts = answers.compactMap(\.text).shuffled(using: &random)
        }
        let notes = answers.compactMap(\.comment)
        if answer != .text, !notes.isEmpty { comments = notes.shuffled(using: &random) }
    }

    /// Lines for the terminal, with a bar histogram. All participant text is sanitized.
    public func lines(width: Int = 80) -> [OutputLine] {
        var lines: [OutputLine] = [.heading("Pulse \(number): “\(TerminalText.sanitize(question, singleLine: true))”")]
        let answers = "\(count) answer\(count == 1 ? "" : "s")"
        guard closed else {
            lines.append(OutputLine("\(answers) so far. Results appear only after /close, never while answers come in.", .dim))
            return lines
        }
        guard revealed else {
            lines.append(OutputLine("\(answers). Nothing more is shown below \(threshold) answers (the group's threshold), so that no answer can be traced.", .warning))
            return lines
        }
        if let mean, let median, let standardDeviation {
            lines.append(OutputLine("\(answers) · mean \(Self.format(mean)) · median \(Self.format(median)) · sd \(Self.format(standardDeviation))\(reverse ? " · reverse-worded: high means less \(measures?.rawValue ?? "")" : "")"))
        } else {
            lines.append(OutputLine(answers))
        }
        if let distribution {
            let labelWidth = distribution.map { TerminalText.displayWidth(TerminalText.sanitize($0.label, singleLine: true)) }.max() ?? 1
            let most = max(1, distribution.map(\.count).max() ?? 1)
            let room = max(10, min(40, width - labelWidth - 12))
            for bar in distribution.prefix(15) {
                let label = TerminalText.sanitize(bar.label, singleLine: true)
                let length = bar.count == 0 ? 0 : max(1, bar.count * room / most)
                let pad = String(repeating: " ", count: max(0, labelWidth - TerminalText.displayWidth(label)))
                lines.append(OutputLine("  \(pad)\(label) │\(String(repeating: "█", count: length)) \(bar.count)", wraps: false))
            }
        }
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
