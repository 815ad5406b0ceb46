import Foundation

/// The five values of the essay, measured: one row per value with its indicators, each as its
/// figure over the last 3 sessions beside the 3 before (the trend). Only revealed pulses count;
/// voice and ownership count by seat category, never by person.
public struct Scorecard: Sendable, Equatable, Codable {
    public struct Indicator: Sendable, Equatable, Codable {
        public var name: String
        /// "mean of 5", "ratio", "share", "count".
        public var unit: String
        /// Over the last `window` sessions (nil: nothing to measure yet).
        public var recent: Double?
        /// Over the `window` sessions before them.
        public var previous: Double?
        /// Whether a higher figure is better (conflicts surfaced are: they are named, not buried).
        public var higherIsBetter: Bool

        public var change: Double? { recent.flatMap { r in previous.map { r - $0 } } }

        /// "up", "down", "steady", "new" (no earlier window) or "none" (nothing yet).
        public var trend: String {
            guard let recent else { return "none" }
            guard let previous else { return "new" }
            let step = unit == "count" ? 0.5 : unit == "mean of 5" ? 0.1 : 0.05
            return recent - previous >= step ? "up" : previous - recent >= step ? "down" : "steady"
        }

        /// Whether the trend is a good one for the group.
        public var improving: Bool? {
            switch trend {
            case "up": higherIsBetter
            case "down": !higherIsBetter
            default: nil
            }
        }

        public func text(_ value: Double) -> String {
            switch unit {
            case "share": String(format: "%.0f%%", value * 100)
            case "count": String(format: "%.0f", value)
            default: String(format: "%.2f", value)
            }
        }
    }

    public struct Row: Sendable, Equatable, Codable {
        public var value: CollaborativeValue
        public var title: String
        public var indicators: [Indicator]
    }

    public var window: Int
    public var rows: [Row]

    public static let window = 3

    public init(history raw: GroupHistory, library: Library? = nil, clock: CivilClock = .local) {
        let history = raw.revealedOnly()
        let w = Self.window
        window = w
        let sessions = history.sessions
        let recent = Array(sessions.suffix(w))
        let previous = Array(sessions.dropLast(w).suffix(w))
        func both(_ f: ([GroupHistory.Session]) -> Double?) -> (Double?, Double?) { (f(recent), previous.isEmpty ? nil : f(previous)) }
        func indicator(_ name: String, _ unit: String, higherIsBetter: Bool = true, _ f: ([GroupHistory.Session]) -> Double?) -> Indicator {
            let (r, p) = both(f)
            return Indicator(name: name, unit: unit, recent: r, previous: p, higherIsBetter: higherIsBetter)
        }
        func mean(_ measures: Set<PulseSpec.Measure>) -> ([GroupHistory.Session]) -> Double? {
            { window in Statistics(window.flatMap { SignalDetector.values($0, measures) }).mean }
        }
        let community = Seat.communityCategories
        // Voice: the quietest category's turns share over its share of the seats present.
        let voice: ([GroupHistory.Session]) -> Double? = { window in
            let tallied = window.filter { !$0.airtime.isEmpty && $0.headcountByCategory != nil }
            guard !tallied.isEmpty else { return nil }
            return SignalDetector.voiceShares(tallied, history: history).rows.filter { $0.category != Seat.unseated }.compactMap(\.ratio).min()
        }
        let representation: ([GroupHistory.Session]) -> Double? = { window in
            let seats = window.flatMap { $0.headcountByCategory ?? [] }
            let total = seats.reduce(0) { $0 + $1.count }
            return total == 0 ? nil : Double(seats.filter { community.contains($0.category) }.reduce(0) { $0 + $1.count }) / Double(total)
        }
        let ownership: ([GroupHistory.Session]) -> Double? = { window in
            let ids = Set(window.map(\.id))
            let made = history.commitments.filter { ids.contains($0.madeSession) }
            guard !made.isEmpty, !history.roster.isEmpty else { return nil }
            return Double(made.filter { community.contains(history.roster.category(of: $0.owner)) }.count) / Double(made.count)
        }
        let positions = history.positions
        let raised: ([GroupHistory.Session]) -> Double? = { window in window.isEmpty ? nil : Double(window.reduce(0) { $0 + $1.conflictsRaised }) }
        let resolved: ([GroupHistory.Session]) -> Double? = { window in
            guard !window.isEmpty else { return nil }
            let ids = Set(window.map(\.id))
            return Double(history.conflicts.filter { $0.resolvedSession.map(ids.contains) == true }.count)
        }
        let kinds: Set<ActivityKind> = [.learning, .vulnerability]
        let learningRun: ([GroupHistory.Session]) -> Double? = { window in
            guard let library, !window.isEmpty else { return nil }
            return Double(window.reduce(0) { $0 + $1.activities.filter { library[$0].map { kinds.contains($0.kind) } == true }.count })
        }
        let learningPulse: ([GroupHistory.Session]) -> Double? = { window in
            guard let library else { return nil }
            let values = window.flatMap { session in
                session.pulses.filter { pulse in pulse.libraryID.flatMap { library[$0] }?.values.contains(.learning) == true }.flatMap(
                    \.normalizedValues)
            }
            return Statistics(values).mean
        }
        let days = sessions.map { clock.day($0.date) }
        let onTime: ([GroupHistory.Session]) -> Double? = { window in
            let ids = Set(window.map(\.id))
            // Commitments that fell due within the window, and of those, the ones done on time.
            let due = history.commitments.filter { c in
                history.dueFrom(c, positions: positions, days: days).map { $0 < sessions.count && ids.contains(sessions[$0].id) } == true
            }
            guard !due.isEmpty else { return nil }
            return Double(due.filter { history.onTimeFrom($0, positions: positions, days: days, day: clock.day) != nil }.count) / Double(due.count)
        }
        rows = [
            Row(
                value: .collaboration, title: "Collaboration",
                indicators: [
                    indicator("trust and safety", "mean of 5", mean([.trust, .safety])),
                    indicator("conflicts surfaced", "count", raised),
                    indicator("conflicts resolved", "count", resolved),
                ]),
            Row(
                value: .inclusion, title: "Inclusion",
                indicators: [
                    indicator("voice ratio, quietest category", "ratio", voice),
                    indicator("resident and grassroots share of seats", "share", representation),
                    indicator("inclusion pulse", "mean of 5", mean([.inclusion])),
                ]),
            Row(
                value: .engagement, title: "Community engagement",
                indicators: [
                    indicator("resident and grassroots share of commitments", "share", ownership)
                ]),
            Row(
                value: .learning, title: "Continuous learning",
                indicators: [
                    indicator("learning and vulnerability activities run", "count", learningRun),
                    indicator("learning pulses", "mean of 5", learningPulse),
                ]),
            Row(
                value: .integrity, title: "Integrity",
                indicators: [
                    indicator("commitments kept on time", "share", onTime)
                ]),
        ]
    }

    /// Terminal lines: the value, then each indicator's recent figure, the earlier one and the trend.
    public func lines() -> [OutputLine] {
        var lines: [OutputLine] = [OutputLine("The five values · last \(window) sessions beside the \(window) before", .emphasis)]
        for row in rows {
            lines.append(OutputLine("  \(row.title)", .emphasis))
            for indicator in row.indicators {
                let now = indicator.recent.map(indicator.text) ?? "–"
                let before = indicator.previous.map(indicator.text) ?? "–"
                let arrow = ["up": "↑", "down": "↓", "steady": "→", "new": "new", "none": ""][indicator.trend] ?? ""
                let style: OutputLine.Style = indicator.improving == false ? .warning : .plain
                lines.append(
                    OutputLine(
                        "    \(indicator.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(now.padding(toLength: 6, withPad: " ", startingAt: 0)) (before \(before)) \(arrow)",
                        style, hang: 4))
            }
        }
        if rows.first(where: { $0.value == .inclusion })?.indicators.first?.recent == nil {
            lines.append(
                .dim("Voice and ownership by category need a roster (/seat) and a headcount by category (/present resident=N ... or /here)."))
        }
        return lines
    }
}
