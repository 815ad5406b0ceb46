import Foundation

/// Keeping time and seeing who talks: the timer, airtime and headcount.
extension Facilitator {
    func timer(_ state: SessionState, _ action: Command.TimerAction, now: Date) throws(CoreError) -> Step {
        guard let timer = state.timer else { throw .refused("no activity is running") }
        let change: SessionEvent.TimerChange
        switch action {
        case .show:
            return Step(state: state, output: [OutputLine("Timer: \(timer.label(at: now)) of \(Self.minutesText(seconds: timer.seconds)) min.")])
        case .set(let minutes): change = .set(seconds: Int((minutes * 60).rounded()))
        case .add(let minutes):
            let seconds = Int((minutes * 60).rounded())
            guard timer.seconds + Double(seconds) > 0 else {
                throw .usage(
                    "the timer has \(Self.minutesText(seconds: timer.seconds)) min in all: /timer -\(Self.minutesText(seconds: minutes.magnitude * 60)) would leave none (/timer MIN sets it anew)"
                )
            }
            change = .add(seconds: seconds)
        case .pause:
            guard timer.isRunning else { throw .refused("the timer is already paused") }
            change = .pause
        case .resume:
            guard !timer.isRunning else { throw .refused("the timer is already running") }
            change = .resume
        }
        let step = apply(state, [SessionEvent(at: now, .timer(change))])
        let label = step.state.timer?.label(at: now) ?? ""
        return Step(state: step.state, events: step.events, output: [OutputLine("Timer: \(label)", .success)])
    }

    /// "10", "2.5": whole minutes without a decimal, others with one.
    static func minutesText(seconds: Double) -> String {
        let minutes = seconds / 60
        return minutes.rounded() == minutes ? String(Int(minutes)) : String(format: "%.1f", minutes)
    }

    func spoke(_ state: SessionState, _ typed: String, now: Date) throws(CoreError) -> Step {
        // A label used before (or seated) keeps its first spelling, so "eastside" and "Eastside  " count together.
        let label = state.label(for: typed)
        guard label.count <= Seat.maxLabelLength else { throw .usage("a label has at most \(Seat.maxLabelLength) characters") }
        let step = apply(state, [SessionEvent(at: now, .spoke(label: label))])
        let turns = step.state.airtime.first { Seat.key($0.label) == Seat.key(label) }?.turns ?? 1
        var output: [OutputLine] = [.dim("\(clean(label)): \(Plural.count(turns, "turn"))")]
        // A label without a seat is asked about once: at its first turn, when the group has a roster.
        var effects: [Step.Effect] = []
        if turns == 1, !state.context.roster.isEmpty, state.context.roster.seat(label) == nil {
            output += categoryHint(state, label: label)
            effects.append(.askCategory(label: label))
        }
        return Step(state: step.state, events: step.events, output: output, effects: effects)
    }

    func relabel(_ state: SessionState, from typed: String, to newTyped: String, now: Date) throws(CoreError) -> Step {
        let key = Seat.key(typed)
        let turns = state.airtime.first { Seat.key($0.label) == key }
        let commitments = state.commitmentsMade(by: typed)
        guard let from = turns?.label ?? state.context.commitments.first(where: { commitments.contains($0.number) })?.owner else {
            throw .refused("no turn or commitment of \(clean(typed)) in this session (/airtime and /commitments list the labels)")
        }
        let to = state.label(for: newTyped)
        guard !to.isEmpty, to.count <= Seat.maxLabelLength else { throw .usage("a label has 1 to \(Seat.maxLabelLength) characters") }
        guard Seat.key(to) != key else { throw .refused("\(clean(from)) and \(clean(to)) are already one label") }
        let step = apply(state, [SessionEvent(at: now, .relabeled(from: from, to: to))])
        var parts: [String] = []
        if let turns {
            let now = step.state.airtime.first { Seat.key($0.label) == Seat.key(to) }?.turns ?? turns.turns
            parts.append("\(Plural.count(turns.turns, "turn")) moved, \(clean(to)) now has \(Plural.count(now, "turn"))")
        }
        if !commitments.isEmpty {
            parts.append("commitment\(commitments.count == 1 ? "" : "s") \(commitments.map(String.init).joined(separator: ", ")) now \(clean(to))'s")
        }
        var output = [OutputLine("Relabelled \(clean(from)) as \(clean(to)): \(parts.joined(separator: "; ")).", .success)]
        // As at a first turn: a label the roster does not know is asked about once.
        var effects: [Step.Effect] = []
        if !state.context.roster.isEmpty, state.context.roster.seat(to) == nil, !state.airtime.contains(where: { Seat.key($0.label) == Seat.key(to) })
        {
            output += categoryHint(state, label: to)
            effects.append(.askCategory(label: to))
        }
        return Step(state: step.state, events: step.events, output: output, effects: effects)
    }

    func airtimeLines(_ state: SessionState) -> [OutputLine] {
        guard let report = Airtime(turns: state.airtime) else {
            return [.dim("No turns tallied yet. /spoke LABEL counts one.")]
        }
        var lines: [OutputLine] = [.heading("Airtime · \(Plural.count(report.total, "turn")) · Gini \(String(format: "%.2f", report.gini))")]
        let width = min(24, report.rows.map { TerminalText.displayWidth(clean($0.label)) }.max() ?? 5)
        // A fair share is over everyone present, not only over those who have spoken.
        let people = max(report.rows.count, state.headcount ?? 0)
        let fairShare = 1 / Double(people)
        for row in report.rows {
            let label = TerminalText.truncate(clean(row.label), toWidth: width)
            let pad = String(repeating: " ", count: max(0, width - TerminalText.displayWidth(label)))
            let flag = row.share > 2 * fairShare ? " > 2× fair share" : ""
            // The bar takes the room the terminal's width leaves (at most 30 columns, all turns).
            lines.append(
                OutputLine(
                    "  \(label)\(pad)  \(String(format: "%3d", row.turns))  \(String(format: "%5.1f%%", row.share * 100)) ",
                    row.share > 2 * fairShare ? .warning : .plain, bar: .init(fraction: row.share, after: flag)))
        }
        let over =
            people > report.rows.count
            ? " over the \(people) present (\(report.rows.count) have spoken)"
            : state.headcount == nil ? " over the labels that spoke (/present N counts the room)" : ""
        lines.append(.dim("A fair share is \(String(format: "%.1f%%", fairShare * 100)) each\(over); Gini 0 is an even room, towards 1 one voice."))
        return lines
    }
}

/// Turns and shares per label, with the Gini coefficient of the turns.
public struct Airtime: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        public var label: String
        public var turns: Int
        public var share: Double

        public init(label: String, turns: Int, share: Double) {
            self.label = label
            self.turns = turns
            self.share = share
        }
    }

    public var rows: [Row]
    public var total: Int
    public var gini: Double
    public var fairShare: Double

    public init?(turns: [SessionState.Turns]) {
        let total = turns.reduce(0) { $0 + $1.turns }
        guard total > 0 else { return nil }
        self.total = total
        rows = turns.map { Row(label: $0.label, turns: $0.turns, share: Double($0.turns) / Double(total)) }
            .sorted { ($0.turns, $1.label) > ($1.turns, $0.label) }
        gini = Statistics(turns.map { Double($0.turns) }).gini ?? 0
        fairShare = 1 / Double(turns.count)
    }
}
