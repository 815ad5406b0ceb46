import Foundation

/// Everything a group may share about itself: sessions with their notes, pulses with aggregates
/// (traffic-light and word counts included), conflicts, commitments, working agreements, airtime.
/// Raw scale values only for pulses that met the threshold, shuffled, with no per-answer time;
/// traffic-light and word pulses only as counts, never one answer's lights or words.
public struct ExportDocument: Sendable, Codable {
    public struct Session: Sendable, Codable {
        /// The store's id, global across groups (what `sessions show ID` takes).
        public var id: Int64
        /// The session's number within the group, as the REPL and summaries say it.
        public var number: Int
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
        /// The notes taken, in the order taken.
        public var notes: [String]
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
        /// Green, yellow and red counts of a traffic-light pulse, or each word's count of a word
        /// pulse (filler words left out); absent below the threshold.
        public var counts: [PulseResult.Bar]?
    }

    public struct Agreement: Sendable, Codable {
        public var number: Int
        public var text: String
        public var made: String
        public var retired: String?
    }

    public var group: String
    public var threshold: Int
    public var sessions: [Session]
    public var conflicts: [GroupHistory.ConflictEntry]
    public var commitments: [GroupHistory.CommitmentEntry]
    public var agreements: [Agreement]
    /// The decisions log: support only as the threshold allows.
    public var decisions: [DecisionLog.Row]

    public init(history raw: GroupHistory, clock: CivilClock = .local) {
        let history = raw.revealedOnly()
        group = history.group
        decisions = history.decisionLog.rows
        threshold = history.threshold
        conflicts = history.conflicts
        commitments = history.commitments
        agreements = history.agreements.map {
            Agreement(number: $0.number, text: $0.text, made: clock.day($0.madeAt), retired: $0.retiredAt.map(clock.day))
        }
        sessions = history.sessions.enumerated().map { position, session in
            Session(
                id: session.id, number: position + 1, date: clock.day(session.date), title: session.title, headcount: session.headcount,
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
                        segments: revealed ? pulse.segments : nil,
                        counts: revealed && (pulse.answer == .traffic || pulse.answer == .words) ? pulse.counts : nil
                    )
                },
                headcountByCategory: session.headcountByCategory,
                // Under the categories seats had in that session, not the roster now.
                turnsByCategory: session.airtime.isEmpty || (session.seats ?? history.roster).isEmpty
                    ? nil
                    : CategoryShares(
                        turns: session.airtime.map { ($0.label, $0.turns) }, roster: session.seats ?? history.roster,
                        present: session.headcountByCategory, categories: history.categories),
                commitmentsByCategory: (session.seats ?? history.roster).isEmpty
                    ? nil
                    : CategoryShares(
                        owners: history.commitments.filter { $0.madeSession == session.id }.map(\.owner), roster: session.seats ?? history.roster,
                        present: nil, categories: history.categories
                    ).counts,
                notes: session.notes
            )
        }
    }

    /// `session` is the store's id; `session_number` (last, so earlier columns keep their place) is
    /// the number within the group that people read.
    public static let csvHeader = [
        "record", "session", "date", "pulse", "measure", "reverse", "scale_min", "scale_max", "label", "value", "n", "mean", "median", "sd",
        "session_number",
    ]

    /// One table in long form: a `record` column says what each row is (session, note, pulse,
    /// answer, comment, traffic, word, segment, airtime, gini, trend, conflict, commitment,
    /// agreement). Written straight into bytes: the export of 10,000 sessions is 700,000 rows.
    public func csv(trends: Trends) -> String { String(decoding: csvBytes(trends: trends), as: UTF8.self) }

    /// The CSV as bytes, written to a file as they are (no String of 40 MB made and read again).
    public func csvBytes(trends: Trends) -> [UInt8] {
        func number(_ value: Double?) -> String { value.map { String($0) } ?? "" }
        let numbers = Dictionary(sessions.map { ($0.id, String($0.number)) }, uniquingKeysWith: { first, _ in first })
        func sessionNumber(_ id: Int64?) -> String { id.flatMap { numbers[$0] } ?? "" }
        // About 50 bytes a row, most of them one per answer: reserved once, not grown by copying.
        let answers = sessions.reduce(0) { total, session in total + session.pulses.reduce(0) { $0 + ($1.values?.count ?? 0) } }
        var table = CSVText.Table(header: Self.csvHeader, capacity: 56 * (answers + 16 * sessions.count) + 4096)
        for session in sessions {
            let id = String(session.id)
            let date = session.date
            let n = String(session.number)
            table.row("session", id, date, "", "", "", "", "", session.title, session.headcount.map(String.init) ?? "", "", "", "", "", n)
            for row in session.airtime {
                table.row("airtime", id, date, "", "", "", "", "", row.label, String(row.turns), "", "", "", "", n)
            }
            for count in session.headcountByCategory ?? [] {
                table.row("headcount-category", id, date, "", "", "", "", "", count.category, String(count.count), "", "", "", "", n)
            }
            for row in session.turnsByCategory?.rows ?? [] {
                table.row(
                    "turns-category", id, date, "", "", "", "", "", row.category, String(row.count), row.present.map(String.init) ?? "",
                    number(row.share),
                    number(row.presentShare), "", n)
            }
            for count in session.commitmentsByCategory ?? [] {
                table.row("commitments-category", id, date, "", "", "", "", "", count.category, String(count.count), "", "", "", "", n)
            }
            for (index, note) in session.notes.enumerated() {
                table.row("note", id, date, "", "", "", "", "", note, "", String(index + 1), "", "", "", n)
            }
            if let gini = session.airtimeGini { table.row("gini", id, date, "", "", "", "", "", "", number(gini), "", "", "", "", n) }
            for pulse in session.pulses {
                let pulseNumber = String(pulse.number)
                let measure = pulse.measures?.rawValue ?? ""
                let reverse = pulse.reverse ? "true" : "false"
                let low = pulse.scaleMin.map(String.init) ?? ""
                let high = pulse.scaleMax.map(String.init) ?? ""
                table.row(
                    "pulse", id, date, pulseNumber, measure, reverse, low, high, pulse.question, pulse.revealed ? "revealed" : "below-threshold",
                    String(pulse.count),
                    number(pulse.mean), number(pulse.median), number(pulse.standardDeviation), n)
                // Values in ascending order: the same value's rows are the same bytes, encoded once.
                var lastValue: Int?
                var valueRow: [UInt8] = []
                for value in pulse.values ?? [] {
                    if value != lastValue {
                        lastValue = value
                        valueRow = CSVText.bytes(of: [
                            "answer", id, date, pulseNumber, measure, reverse, low, high, "", String(value), "", "", "", "", n,
                        ])
                    }
                    table.append(valueRow)
                }
                for comment in pulse.comments ?? [] {
                    table.row("comment", id, date, pulseNumber, measure, reverse, low, high, comment, "", "", "", "", "", n)
                }
                let kind = pulse.answer == .traffic ? "traffic" : "word"
                for bar in pulse.counts ?? [] {
                    table.row(kind, id, date, pulseNumber, measure, reverse, low, high, bar.label, String(bar.count), "", "", "", "", n)
                }
                if let segments = pulse.segments {
                    for row in segments.rows + (segments.other.map { [$0] } ?? []) {
                        table.row(
                            "segment", id, date, pulseNumber, measure, reverse, low, high, row.segment, "", String(row.count), number(row.mean), "",
                            "", n
                        )
                    }
                }
            }
        }
        for series in trends.allSeries {
            for point in series.points {
                table.row(
                    "trend", String(point.session), point.date, "", series.name, "", "", "", series.unit, number(point.value), String(point.n), "",
                    "", "",
                    sessionNumber(point.session))
            }
        }
        for conflict in conflicts {
            table.row(
                "conflict", String(conflict.raisedSession), "", "", "", "", "", "", conflict.text, conflict.resolvedSession.map(String.init) ?? "",
                String(conflict.number), "", "", "", sessionNumber(conflict.raisedSession))
        }
        for commitment in commitments {
            table.row(
                "commitment", String(commitment.madeSession), "", "", "", "", "", "",
                "\(commitment.owner): \(commitment.action) (\(commitment.due.label))",
                commitment.doneSession.map(String.init) ?? "", String(commitment.number), "", "", "", sessionNumber(commitment.madeSession))
        }
        // A decision: its method, its outcome, accepted or not under the rule (when shown), its stances.
        for decision in decisions {
            table.row(
                "decision", "", decision.review ?? "", String(decision.number), decision.method, "", "", "",
                "\(decision.proposal) → \(decision.outcome)", decision.accepted.map { $0 ? "accepted" : "not accepted" } ?? decision.status,
                String(decision.stances), "", "", "", String(decision.session))
        }
        // A working agreement: its text, the day it was made, the day it was retired if it was.
        for agreement in agreements {
            table.row(
                "agreement", "", agreement.made, "", "", "", "", "", agreement.text, agreement.retired ?? "", String(agreement.number), "", "", "", ""
            )
        }
        return table.bytes
    }
}
