/// Signals as terminal lines: severity, summary, evidence, and what to run next.
public enum SignalLines {
    public static func lines(_ signals: [Signal], group: String) -> [OutputLine] {
        let name = TerminalText.sanitize(group, singleLine: true)
        guard !signals.isEmpty else {
            return [
                .heading("Signals · \(name)"),
                OutputLine(
                    "No signals: nothing in the revealed pulses, attendance, airtime, conflicts or commitments crosses a threshold.", .success),
            ]
        }
        var lines: [OutputLine] = [.heading("Signals · \(name) · \(signals.count) found")]
        // The levels are explained once, where they first appear.
        lines += Signal.Severity.legend.map { .dim($0) }
        for signal in signals {
            lines.append(.blank())
            let style: OutputLine.Style = signal.severity == .act ? .error : signal.severity == .watch ? .warning : .plain
            lines.append(
                OutputLine(
                    "[\(signal.severity.rawValue.uppercased())] \(signal.id.rawValue): \(TerminalText.sanitize(signal.summary, singleLine: true))",
                    style))
            for evidence in signal.evidence { lines.append(OutputLine("  · " + TerminalText.sanitize(evidence, singleLine: true))) }
            if !signal.recommendations.isEmpty {
                lines.append(.dim("  Try: " + signal.recommendations.map { "\($0.id) (\($0.kind))" }.joined(separator: ", ")))
            }
        }
        return lines
    }
}
