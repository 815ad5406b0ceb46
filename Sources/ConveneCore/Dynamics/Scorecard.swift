import Foundation

/// The five values of the essay, measured: one row per value with its indicators, each as its
/// figure over the last 3 sessions beside the 3 before (the trend). Only revealed pulses count;
/// voice and ownership count by seat category, never by person.
public struct Scorecard: Sendable, Equatable, Codable {
    /// What an indicator's two windows hold, for the test that calls its trend.
    public enum Sample: Sendable {
        /// Answers on a 1–5 scale: Welch's t-test, at least 20 answers a window.
        case means(recent: [Double], previous: [Double])
        /// Hits of a total: Fisher's exact test, at least 10 a window.
        case shares(recent: (hits: Int, of: Int), previous: (hits: Int, of: Int))
        /// Events in two windows of equal length: the conditional binomial test, at least 6 in all.
        case counts(recent: Int, previous: Int)
        case nothing
    }

    public struct Indicator: Sendable, Equatable, Codable {
        public var name: String
        /// "mean of 5", "share", "count".
        public var unit: String
        /// Over the last `window` sessions (nil: nothing to measure yet).
        public var recent: Double?
        /// Over the `window` sessions before them.
        public var previous: Double?
        /// Whether a higher figure is better; nil when neither is (conflicts surfaced: more may be
        /// a group naming what it used to bury, or a group fighting more).
        public var higherIsBetter: Bool?
        /// What each window's figure was computed from (answers, commitments, events).
        public var recentN: Int = 0
        public var previousN: Int = 0
        /// The test's p-value for a change (nil: no test could be run).
        public var p: Double?
        /// "up", "down", "steady", "too few to tell", "new" (no earlier window) or "none".
        public var trend: String = "none"
        /// With "too few to tell": what there is and what is needed.
        public var tooFew: Signal.Sample?

        public var change: Double? { recent.flatMap { r in previous.map { r - $0 } } }

        /// The least change that matters, by unit; a smaller one is "steady" however small its p.
        static func step(_ unit: String) -> Double { unit == "count" ? 0.5 : unit == "mean of 5" ? 0.1 : 0.05 }
        static let minimumAnswers = 20, minimumShare = 10, minimumCount = 6
        static let meansLevel = 0.04

        public init(name: String, unit: String, higherIsBetter: Bool?, sample: Sample) {
            self.name = name
            self.unit = unit
            self.higherIsBetter = higherIsBetter
            switch sample {
            case .nothing: return
            case .means(let r, let p):
                recent = Statistics(r).mean
                previous = p.isEmpty ? nil : Statistics(p).mean
                (recentN, previousN) = (r.count, p.count)
                guard recent != nil else { return }
                guard previous != nil else {
                    trend = "new"
                    return
                }
                let fewest = min(r.count, p.count)
                guard fewest >= Self.minimumAnswers else {
                    tooFewToTell(.init(has: fewest, needs: Self.minimumAnswers, of: "answers in a window"))
                    return
                }
                let up = SignificanceTest.welch(higher: r, lower: p) ?? 1
                let down = SignificanceTest.welch(higher: p, lower: r) ?? 1
                // Welch's t is approximate on a 5-point scale: called at 0.04, its rate on noise
                // measures under 5% (SignalSimulationTests), where 0.05 measured 5.5%.
                call(p: min(1, 2 * min(up, down)), level: Self.meansLevel)
            case .shares(let r, let p):
                recent = r.of > 0 ? Double(r.hits) / Double(r.of) : nil
                previous = p.of > 0 ? Double(p.hits) / Double(p.of) : nil
                (recentN, previousN) = (r.of, p.of)
                guard recent != nil else { return }
                guard previous != nil else {
                    trend = "new"
                    return
                }
                let fewest = min(r.of, p.of)
                guard fewest >= Self.minimumShare else {
                    tooFewToTell(.init(has: fewest, needs: Self.minimumShare, of: "in a window"))
                    return
                }
                call(p: SignificanceTest.fisher(r.hits, r.of - r.hits, p.hits, p.of - p.hits))
            case .counts(let r, let p):
                recent = Double(r)
                previous = Double(p)
                (recentN, previousN) = (r, p)
                guard r + p >= Self.minimumCount else {
                    tooFewToTell(.init(has: r + p, needs: Self.minimumCount, of: "in both windows"))
                    return
                }
                call(p: SignificanceTest.countsDiffer(r, p))
            }
        }

        mutating func tooFewToTell(_ sample: Signal.Sample) {
            trend = "too few to tell"
            tooFew = sample
        }

        /// A direction needs both the test (p < 0.05, two-sided) and the least change that matters.
        mutating func call(p: Double, level: Double = SignificanceTest.alpha) {
            self.p = p
            guard let change, p < level, abs(change) >= Self.step(unit) - 1e-9 else {
                trend = "steady"
                return
            }
            trend = change > 0 ? "up" : "down"
        }

        /// Whether the trend is a good one for the group (nil: no direction, or neither is better).
        public var improving: Bool? {
            guard let higherIsBetter else { return nil }
            switch trend {
            case "up": return higherIsBetter
            case "down": return !higherIsBetter
            default: return nil
            }
        }

        /// The trend in words, its direction named: "up, better", "down, worse", "too few to tell
        /// (15 answers in a window, 20 needed)". Never a bare arrow.
        public var trendText: String {
            switch trend {
            case "up", "down":
                let quality = improving.map { $0 ? "better" : "worse" } ?? "neither better nor worse on its own"
                return "\(trend), \(quality) (\(p.map(SignalDetector.p) ?? ""))"
            case "too few to tell": return "too few to tell (\(tooFew.map { "\($0.has) \($0.of), \($0.needs) needed" } ?? ""))"
            case "steady": return "steady (no change chance would not show)"
            case "new": return "new (no earlier window)"
            default: return "not measured yet"
            }
        }

        public func text(_ value: Double) -> String {
            switch unit {
            case "share": String(format: "%.0f%%", value * 100)
            case "count": String(format: "%.0f", value)
            default: String(format: "%.2f", value)
            }
        }

        enum CodingKeys: String, CodingKey {
            case name, unit, recent, previous, higherIsBetter, recentN, previousN, p, trend, tooFew
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
        func indicator(_ name: String, _ unit: String, higherIsBetter: Bool? = true, _ sample: Sample) -> Indicator {
            Indicator(name: name, unit: unit, higherIsBetter: higherIsBetter, sample: sample)
        }
        func means(_ f: ([GroupHistory.Session]) -> [Double]) -> Sample {
            recent.isEmpty ? .nothing : .means(recent: f(recent), previous: previous.isEmpty ? [] : f(previous))
        }
        func shares(_ f: ([GroupHistory.Session]) -> (hits: Int, of: Int)) -> Sample {
            recent.isEmpty ? .nothing : .shares(recent: f(recent), previous: previous.isEmpty ? (0, 0) : f(previous))
        }
        func counts(_ f: ([GroupHistory.Session]) -> Int) -> Sample {
            recent.isEmpty ? .nothing : previous.isEmpty ? .nothing : .counts(recent: f(recent), previous: f(previous))
        }
        func answers(_ measures: Set<PulseSpec.Measure>) -> ([GroupHistory.Session]) -> [Double] {
            { window in window.flatMap { SignalDetector.values($0, measures) } }
        }
        let community = Seat.communityCategories
        // Voice: categories present whose share of turns is at least half their share of seats.
        let voice: ([GroupHistory.Session]) -> (hits: Int, of: Int) = { window in
            let tallied = window.filter { !$0.airtime.isEmpty && $0.headcountByCategory != nil }
            guard !tallied.isEmpty else { return (0, 0) }
            let rows = SignalDetector.voiceShares(tallied, history: history).rows.filter { $0.category != Seat.unseated && ($0.present ?? 0) > 0 }
            return (rows.filter { !$0.isGap }.count, rows.count)
        }
        let representation: ([GroupHistory.Session]) -> (hits: Int, of: Int) = { window in
            let seats = window.flatMap { $0.headcountByCategory ?? [] }
            return (seats.filter { community.contains($0.category) }.reduce(0) { $0 + $1.count }, seats.reduce(0) { $0 + $1.count })
        }
        let ownership: ([GroupHistory.Session]) -> (hits: Int, of: Int) = { window in
            let ids = Set(window.map(\.id))
            let made = history.commitments.filter { ids.contains($0.madeSession) }
            guard !history.roster.isEmpty || window.contains(where: { $0.seats != nil }) else { return (0, 0) }
            return (made.filter { community.contains(history.category(ofOwner: $0.owner, madeIn: $0.madeSession)) }.count, made.count)
        }
        let positions = history.positions
        let raised: ([GroupHistory.Session]) -> Int = { window in window.reduce(0) { $0 + $1.conflictsRaised } }
        // Resolved as a share of the conflicts open in the window: raised by its end, not resolved
        // before it began.
        let resolved: ([GroupHistory.Session]) -> (hits: Int, of: Int) = { window in
            guard let first = window.first.flatMap({ positions[$0.id] }), let last = window.last.flatMap({ positions[$0.id] }) else { return (0, 0) }
            let open = history.conflicts.filter { c in
                guard let raised = positions[c.raisedSession], raised <= last else { return false }
                return c.resolvedSession.flatMap { positions[$0] }.map { $0 >= first } ?? true
            }
            let done = open.filter { c in c.resolvedSession.flatMap { positions[$0] }.map { $0 >= first && $0 <= last } ?? false }
            return (done.count, open.count)
        }
        let kinds: Set<ActivityKind> = [.learning, .vulnerability]
        let learningRun: ([GroupHistory.Session]) -> Int = { window in
            guard let library else { return 0 }
            return window.reduce(0) { $0 + $1.activities.filter { library[$0].map { kinds.contains($0.kind) } == true }.count }
        }
        let days = sessions.map { clock.day($0.date) }
        let onTime: ([GroupHistory.Session]) -> (hits: Int, of: Int) = { window in
            let ids = Set(window.map(\.id))
            // Commitments that fell due within the window, and of those, the ones done on time.
            let due = history.commitments.filter { c in
                history.dueFrom(c, positions: positions, days: days).map { $0 < sessions.count && ids.contains(sessions[$0].id) } == true
            }
            return (due.filter { history.onTimeFrom($0, positions: positions, days: days, day: clock.day) != nil }.count, due.count)
        }
        rows = [
            Row(
                value: .collaboration, title: "Collaboration",
                indicators: [
                    indicator("trust and safety", "mean of 5", means(answers([.trust, .safety]))),
                    indicator("conflicts surfaced", "count", higherIsBetter: nil, counts(raised)),
                    indicator("conflicts resolved, of those open", "share", shares(resolved)),
                ]),
            Row(
                value: .inclusion, title: "Inclusion",
                indicators: [
                    indicator("categories heard at half their seat share", "share", shares(voice)),
                    indicator("resident and grassroots share of seats", "share", shares(representation)),
                    indicator("inclusion pulse", "mean of 5", means(answers([.inclusion]))),
                ]),
            Row(
                value: .engagement, title: "Community engagement",
                indicators: [
                    indicator("resident and grassroots share of commitments", "share", shares(ownership))
                ]),
            Row(
                value: .learning, title: "Continuous learning",
                indicators: [
                    indicator("learning and vulnerability activities run", "count", library == nil ? .nothing : counts(learningRun)),
                    indicator("learning pulse", "mean of 5", means(answers([.learning]))),
                ]),
            Row(
                value: .integrity, title: "Integrity",
                indicators: [
                    indicator("commitments kept on time", "share", shares(onTime))
                ]),
        ]
    }

    /// Terminal lines: the value, then each indicator's recent figure, the earlier one and the
    /// trend with its direction named.
    public func lines() -> [OutputLine] {
        var lines: [OutputLine] = [
            OutputLine("The five values · last \(window) sessions beside the \(window) before", .emphasis),
            .dim(
                "A trend is called up or down only when a test shows it (p < 0.04 for means, 0.05 for shares and counts) and it is large enough to matter; with fewer answers, commitments or events than a test needs, it says too few to tell."
            ),
        ]
        for row in rows {
            lines.append(OutputLine("  \(row.title)", .emphasis))
            for indicator in row.indicators {
                let now = indicator.recent.map(indicator.text) ?? "–"
                let before = indicator.previous.map(indicator.text) ?? "–"
                let style: OutputLine.Style = indicator.improving == false ? .warning : .plain
                lines.append(
                    OutputLine(
                        "    \(indicator.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(now.padding(toLength: 6, withPad: " ", startingAt: 0)) (before \(before)) \(indicator.trendText)",
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
