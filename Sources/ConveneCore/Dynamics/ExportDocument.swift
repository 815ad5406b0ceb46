import Foundation

/// Everything a group may share about itself: sessions, pulses with aggregates, conflicts,
/// commitments, airtime. Raw answers only for pulses that met the threshold, shuffled, with no
/// per-answer time.
public struct ExportDocument: Sendable, Codable {
    public struct Session: Sendable, Codable {
        public var id: Int64
        public var date: String
        public var title: String
        public var headcount: Int?
        public var airtime: [Airtime.Row]
        public var airtimeGini: Double?
        public var conflictsRaised: Int
        public var pulses: [Pulse]
        /// The headcount by seat category, when it was taken that way.
        public var headcountByCategory: [CategoryCount]?
        /// Turns by seat category beside each category's share of the seats present.
        public var turnsByCategory: CategoryShares?
        /// Commitments made in this session, by the owner's seat category.
        public var commitmentsByCategory: [CategoryCount]?
    }

    public struct Pulse: Sendable, Codable {
        public var number: Int
        public var question: String
        public var libraryID: String?
        public var answer: PulseSpec.Answer
        public var measures: PulseSpec.Measure?
        public var reverse: Bool
        public var scaleMin: Int?
        public var scaleMax: Int?
        public var count: Int
        public var closed: Bool
        public var revealed: Bool
        public var mean: Double?
        public var median: Double?
        public var standardDeviation: Double?
        /// Raw values in ascending order (their order says nothing); absent below the threshold.
        public var values: [Int]?
        /// Comments and text answers in the order of their random keys; absent below the threshold.
        public var comments: [String]?
        /// Results by segment as the remainder rule allowed; absent below the threshold.
        public var segments: SegmentBreakdown?
    }

    public var group: String
    public var threshold: Int
    public var sessions: [Session]
    public var conflicts: [GroupHistory.ConflictEntry]
    public var commitments: [GroupHistory.CommitmentEntry]

    public init(history raw: GroupHistory, clock: CivilClock = .local) {
        let history = raw.revealedOnly()
        group = history.group
        threshold = history.threshold
        conflicts = history.conflicts
        commitments = history.commitments
        sessions = history.sessions.map { session in
            Session(
                id: session.id, date: clock.day(session.date), title: session.title, headcount: session.headcount,
                airtime: session.airtime, airtimeGini: session.airtime.count >= 2 ? Statistics(session.airtime.map { Double($0.turns) }).gini : nil,
                conflictsRaised: session.conflictsRaised,
                pulses: session.pulses.map { pulse in
                    let revealed = pulse.isRevealed(threshold: history.threshold, present: session.headcount)
                    let stats = Statistics(pulse.values.map(Double.init))
                    return Pulse(
                        number: pulse.number, question: pulse.question, libraryID: pulse.libraryID, answer: pulse.answer, measures: pulse.measures,
                        reverse: pulse.reverse, scaleMin: pulse.scaleMin, scaleMax: pulse.scaleMax, count: pulse.count, closed: pulse.closed,
                        revealed: revealed, mean: revealed ? stats.mean : nil, median: revealed ? stats.median : nil,
                        standardDeviation: revealed ? stats.standardDeviation : nil,
                        values: revealed && pulse.answer == .scale ? pulse.values : nil,
                        comments: revealed ? pulse.comments : nil,
                        segments: revealed ? pulse.segments : nil
                    )
                },
                headcountByCategory: session.headcountByCategory,
                turnsByCategory: session.airtime.isEmpty || history.roster.isEmpty ? nil
                    : CategoryShares(turns: session.airtime.map { ($0.label, $0.turns) }, roster: history.roster, present: session.headcountByCategory, categories: history.categories),
                commitmentsByCategory: history.roster.isEmpty ? nil
                    : CategoryShares(owners: history.commitments.filter { $0.madeSession == session.id }.map(\.owner), roster: history.roster, present: nil, categories: history.categories).counts
            )
        }
    }

    public static let csvHeader = ["record", "session", "date", "pulse", "measure", "reverse", "scale_min", "scale_max", "label", "value", "n", "mean", "median", "sd"]

    /// One table in long form: a `record` column says what each row is (session, pulse, answer,
    /// comment, airtime, gini, trend, conflict, commitment).
    public func csvRows(trends: Trends) -> [[String]] {
        func number(_ value: Double?) -> String { value.map { String($0) } ?? "" }
        var rows: [[String]] = []
        for session in sessions {
            let id = String(session.id)
            rows.append(["session", id, session.date, "", "", "", "", "", session.title, session.headcount.map(String.init) ?? "", "", "", "", ""])
            for row in session.airtime {
                rows.append(["airtime", id, session.date, "", "", "", "", "", row.label, String(row.turns), "", "", "", ""])
            }
            for count in session.headcountByCategory ?? [] {
                rows.append(["headcount-category", id, session.date, "", "", "", "", "", count.category, String(count.count), "", "", "", ""])
            }
            for row in session.turnsByCategory?.rows ?? [] {
                rows.append(["turns-category", id, session.date, "", "", "", "", "", row.category, String(row.count), row.present.map(String.init) ?? "", number(row.share), number(row.presentShare), ""])
            }
            for count in session.commitmentsByCategory ?? [] {
                rows.append(["commitments-category", id, session.date, "", "", "", "", "", count.category, String(count.count), "", "", "", ""])
            }
            if let gini = session.airtimeGini { rows.append(["gini", id, session.date, "", "", "", "", "", "", number(gini), "", "", "", ""]) }
            for pulse in session.pulses {
                let common = [id, session.date, String(pulse.number), pulse.measures?.rawValue ?? "", pulse.reverse ? "true" : "false",
                              pulse.scaleMin.map(String.init) ?? "", pulse.scaleMax.map(String.init) ?? ""]
                rows.append(["pulse"] + common + [pulse.question, pulse.revealed ? "revealed" : "below-threshold", String(pulse.count), number(pulse.mean), number(pulse.median), number(pulse.standardDeviation)])
                for value in pulse.values ?? [] { rows.append(["answer"] + common + ["", String(value), "", "", "", ""]) }
                for comment in pulse.comments ?? [] { rows.append(["comment"] + common + [comment, "", "", "", "", ""]) }
                if let segments = pulse.segments {
                    for row in segments.rows + (segments.other.map { [$0] } ?? []) {
                        rows.append(["segment"] + common + [row.segment, "", String(row.count), number(row.mean), "", ""])
                    }
                }
            }
        }
        for series in trends.allSeries {
            for point in series.points {
                rows.append(["trend", String(point.session), point.date, "", series.name, "", "", "", series.unit, number(point.value), String(point.n), "", "", ""])
            }
        }
        for conflict in conflicts {
            rows.append(["conflict", String(conflict.raisedSession), "", "", "", "", "", "", conflict.text, conflict.resolvedSession.map(String.init) ?? "", String(conflict.number), "", "", ""])
        }
        for commitment in commitments {
            rows.append(["commitment", String(commitment.madeSession), "", "", "", "", "", "", "\(commitment.owner): \(commitment.action) (\(commitment.due.label))",
                         commitment.doneSession.map(String.init) ?? "", String(commitment.number), "", "", ""])
        }
        return rows
    }
}
