import Foundation

/// Per-session trends of a group: each pulse measure's mean (with n, and gaps where a session was
/// below the threshold), headcount, airtime Gini, commitments done on time, conflicts open.
public struct Trends: Sendable, Equatable, Codable {
    public struct Point: Sendable, Equatable, Codable {
        /// The store's id, global across groups.
        public var session: Int64
        /// The session's number within the group, as people read it (1 for the first).
        public var number: Int
        public var date: String
        /// nil: nothing to show (not asked, or below the threshold: see `belowThreshold`).
        public var value: Double?
        public var n: Int
        public var belowThreshold: Bool
    }

    public struct Series: Sendable, Equatable, Codable {
        public var name: String
        /// "mean of 5", "people", "Gini", "share", "count".
        public var unit: String
        public var points: [Point]

        public var values: [Double] { points.compactMap(\.value) }

        /// The fixed scale the series is drawn on, the same in the terminal and the HTML report:
        /// 1–5 for means, 0–1 for shares and Gini, 0 to the group's largest for people and counts
        /// (so 9 → 8 people is a small step, not the whole height).
        public var scale: ClosedRange<Double> {
            switch unit {
            case "mean of 5": 1...5
            case "Gini", "share": 0...1
            default: 0...max(1, values.max() ?? 1)
            }
        }
    }

    public var group: String
    public var threshold: Int
    public var sessions: Int
    public var measures: [Series]
    public var headcount: Series
    public var airtimeGini: Series
    public var commitmentsOnTime: Series
    public var conflictsOpen: Series
    /// The five values of the essay, measured.
    public var scorecard: Scorecard
    /// Segmented pulses' results by segment, as the remainder rule kept them (revealed pulses only).
    public var segmented: [SegmentedPulse]

    public struct SegmentedPulse: Sendable, Equatable, Codable {
        public var session: Int64
        public var date: String
        public var question: String
        public var breakdown: SegmentBreakdown
        /// The k the pulse is held under: the larger of the one promised at open and the group's.
        public var threshold: Int
    }

    public init(history raw: GroupHistory, library: Library? = nil, clock: CivilClock = .local) {
        let history = raw.revealedOnly()
        scorecard = Scorecard(history: history, library: library, clock: clock)
        segmented = history.sessions.flatMap { session in
            session.pulses.compactMap { pulse in
                pulse.segments.map {
                    SegmentedPulse(
                        session: session.id, date: clock.day(session.date), question: pulse.question, breakdown: $0,
                        threshold: max(history.threshold, pulse.threshold ?? history.threshold))
                }
            }
        }
        var days: [Int64: String] = [:]
        for session in history.sessions { days[session.id] = clock.day(session.date) }
        let positions = history.positions
        func point(_ session: GroupHistory.Session, _ value: Double?, n: Int = 0, below: Bool = false) -> Point {
            Point(
                session: session.id, number: (positions[session.id] ?? 0) + 1, date: days[session.id] ?? "", value: value, n: n, belowThreshold: below
            )
        }
        group = history.group
        threshold = history.threshold
        sessions = history.sessions.count
        // One pass over the pulses: per session and measure, the sum and count of normalized values.
        var sums = Array(repeating: [PulseSpec.Measure: (sum: Double, n: Int, asked: Int)](), count: history.sessions.count)
        for index in history.sessions.indices {
            for pulse in history.sessions[index].pulses where pulse.answer == .scale {
                guard let measure = pulse.measures else { continue }
                var entry = sums[index][measure] ?? (0, 0, 0)
                entry.asked += pulse.count
                if pulse.isRevealed(threshold: history.threshold, present: history.sessions[index].headcount), let low = pulse.scaleMin,
                    let high = pulse.scaleMax, high > low
                {
                    // The same arithmetic as `normalizedValues`, without an array per pulse.
                    for raw in pulse.values {
                        let value = pulse.reverse ? low + high - raw : raw
                        entry.sum += 1 + 4 * Double(value - low) / Double(high - low)
                        entry.n += 1
                    }
                }
                sums[index][measure] = entry
            }
        }
        measures = PulseSpec.Measure.allCases.map { measure in
            Series(
                name: measure.rawValue, unit: "mean of 5",
                points: history.sessions.enumerated().map { index, session in
                    guard let entry = sums[index][measure] else { return point(session, nil) }
                    if entry.n > 0 { return point(session, entry.sum / Double(entry.n), n: entry.n) }
                    return point(session, nil, n: entry.asked, below: true)
                })
        }
        headcount = Series(name: "headcount", unit: "people", points: history.sessions.map { point($0, $0.headcount.map(Double.init)) })
        airtimeGini = Series(
            name: "airtime Gini", unit: "Gini",
            points: history.sessions.map { session in
                let gini = session.airtime.count >= 2 ? Statistics(session.airtime.map { Double($0.turns) }).gini : nil
                return point(session, gini, n: session.airtime.reduce(0) { $0 + $1.turns })
            })
        // Commitments and conflicts: where each starts and stops counting, then running totals.
        let dayList = history.sessions.map { days[$0.id] ?? "" }
        var dueStarts = Array(repeating: 0, count: history.sessions.count + 1)
        var onTimeStarts = dueStarts
        var openChanges = dueStarts
        for commitment in history.commitments {
            if let due = history.dueFrom(commitment, positions: positions, days: dayList) { dueStarts[due] += 1 }
            if let onTime = history.onTimeFrom(commitment, positions: positions, days: dayList, day: clock.day) { onTimeStarts[onTime] += 1 }
        }
        for conflict in history.conflicts {
            guard let raised = positions[conflict.raisedSession] else { continue }
            let resolved = conflict.resolvedSession.flatMap { positions[$0] }
            if let resolved, resolved <= raised { continue }
            openChanges[raised] += 1
            if let resolved { openChanges[resolved] -= 1 }
        }
        var due = 0
        var onTime = 0
        var open = 0
        var duePoints: [Point] = []
        var openPoints: [Point] = []
        for (index, session) in history.sessions.enumerated() {
            due += dueStarts[index]
            onTime += onTimeStarts[index]
            open += openChanges[index]
            duePoints.append(point(session, due == 0 ? nil : Double(onTime) / Double(due), n: due))
            openPoints.append(point(session, Double(open), n: open))
        }
        commitmentsOnTime = Series(name: "commitments done on time", unit: "share", points: duePoints)
        conflictsOpen = Series(name: "conflicts open", unit: "count", points: openPoints)
    }

    public var allSeries: [Series] { measures + [headcount, airtimeGini, commitmentsOnTime, conflictsOpen] }

    /// The JSON form: sessions once, then each series as columns (a value per session, null for a
    /// gap), so that 10,000 sessions stay a few megabytes rather than a hundred thousand objects.
    public struct Document: Sendable, Codable {
        public struct Session: Sendable, Codable {
            public var id: Int64
            public var date: String
        }

        public struct Column: Sendable, Codable {
            public var name: String
            public var unit: String
            public var values: [Double?]
            public var n: [Int]
            /// Positions (into `sessions`) of the sessions below the threshold.
            public var belowThreshold: [Int]
        }

        public var group: String
        public var threshold: Int
        public var sessions: [Session]
        public var series: [Column]
    }

    /// The document as compact JSON, written directly: for 10,000 sessions Foundation's encoder
    /// took a quarter of the whole command's time.
    public func json() -> String {
        let doc = document
        var out = "{\"group\":" + Self.quote(doc.group) + ",\"series\":["
        for (index, column) in doc.series.enumerated() {
            if index > 0 { out += "," }
            out += "{\"belowThreshold\":[" + column.belowThreshold.map(String.init).joined(separator: ",") + "]"
            out += ",\"n\":[" + column.n.map(String.init).joined(separator: ",") + "]"
            out += ",\"name\":" + Self.quote(column.name) + ",\"unit\":" + Self.quote(column.unit)
            out += ",\"values\":[" + column.values.map { $0.map { $0.isFinite ? "\($0)" : "null" } ?? "null" }.joined(separator: ",") + "]}"
        }
        out += "],\"sessions\":[" + doc.sessions.map { "{\"date\":" + Self.quote($0.date) + ",\"id\":\($0.id)}" }.joined(separator: ",")
        out += "],\"scorecard\":" + scorecardJSON()
        out +=
            ",\"segmented\":["
            + segmented.map { pulse in
                let rows = pulse.breakdown.rows.map { ($0, false) } + (pulse.breakdown.other.map { [($0, true)] } ?? [])
                return "{\"date\":" + Self.quote(pulse.date) + ",\"question\":" + Self.quote(pulse.question) + ",\"segmentQuestion\":"
                    + Self.quote(pulse.breakdown.question)
                    + ",\"segments\":["
                    + rows.map { row, pooled in
                        "{\"count\":\(row.count),\"distribution\":{"
                            + row.distribution.map { Self.quote($0.label) + ":\($0.count)" }.joined(separator: ",") + "},\"mean\":"
                            + (row.mean.map { "\($0)" } ?? "null") + ",\"pooled\":\(pooled),\"segment\":" + Self.quote(row.segment) + "}"
                    }.joined(separator: ",") + "],\"session\":\(pulse.session),\"threshold\":\(pulse.threshold)}"
            }.joined(separator: ",") + "]"
        out += ",\"threshold\":\(doc.threshold)}"
        return TerminalText.escapeJSON(out)
    }

    func scorecardJSON() -> String {
        func number(_ value: Double?) -> String { value.map { $0.isFinite ? "\($0)" : "null" } ?? "null" }
        let rows = scorecard.rows.map { row in
            "{\"indicators\":["
                + row.indicators.map { i in
                    "{\"change\":\(number(i.change)),\"direction\":" + (i.improving.map { Self.quote($0 ? "better" : "worse") } ?? "null")
                        + ",\"higherIsBetter\":" + (i.higherIsBetter.map { "\($0)" } ?? "null") + ",\"name\":" + Self.quote(i.name)
                        + ",\"needed\":" + (i.tooFew.map { "\($0.needs)" } ?? "null") + ",\"p\":\(number(i.p))"
                        + ",\"previous\":\(number(i.previous)),\"previousN\":\(i.previousN),\"recent\":\(number(i.recent)),\"recentN\":\(i.recentN)"
                        + ",\"trend\":" + Self.quote(i.trend) + ",\"trendText\":" + Self.quote(i.trendText) + ",\"unit\":" + Self.quote(i.unit) + "}"
                }.joined(separator: ",") + "],\"title\":" + Self.quote(row.title) + ",\"value\":" + Self.quote(row.value.rawValue) + "}"
        }
        return "{\"rows\":[" + rows.joined(separator: ",") + "],\"window\":\(scorecard.window)}"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    public var document: Document {
        let sessionList = (allSeries.first?.points ?? []).map { Document.Session(id: $0.session, date: $0.date) }
        return Document(
            group: group, threshold: threshold, sessions: sessionList,
            series: allSeries.map { series in
                Document.Column(
                    name: series.name, unit: series.unit, values: series.points.map(\.value), n: series.points.map(\.n),
                    belowThreshold: series.points.indices.filter { series.points[$0].belowThreshold })
            })
    }

    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One character per session: a block for a value, "·" below the threshold, " " not asked.
    public static func sparkline(_ series: Series, range: ClosedRange<Double>? = nil) -> String {
        sparkline(series.points.map { point in point.value.map { .value($0) } ?? (point.belowThreshold ? .belowThreshold : .notAsked) }, range: range)
    }

    /// What one mark of a sparkline stands for.
    public enum Mark: Sendable, Equatable {
        case value(Double)
        case belowThreshold, notAsked
    }

    public static func sparkline(_ marks: [Mark], range: ClosedRange<Double>? = nil) -> String {
        let values = marks.compactMap { if case .value(let value) = $0 { value } else { nil } }
        let low = range?.lowerBound ?? values.min() ?? 0
        let high = range?.upperBound ?? values.max() ?? 1
        return String(
            marks.map { mark -> Character in
                switch mark {
                case .belowThreshold: return "·"
                case .notAsked: return " "
                case .value(let value):
                    guard high > low else { return blocks[3] }
                    let index = Int(((value - low) / (high - low) * Double(blocks.count - 1)).rounded())
                    return blocks[min(blocks.count - 1, max(0, index))]
                }
            })
    }

    public func lines() -> [OutputLine] {
        var lines: [OutputLine] = [
            .heading("Trends · \(TerminalText.sanitize(group, singleLine: true)) · \(Plural.count(sessions, "session")) · threshold \(threshold)")
        ]
        guard sessions > 0 else { return lines + [.dim("No sessions yet.")] }
        lines.append(
            .dim(
                "One mark per session, oldest first, on a fixed scale (1–5 for means, 0–100% for shares, 0 to the group's largest for counts); · = below the threshold (only the count is kept), blank = not asked."
            ))
        func row(_ series: Series, format: (Double) -> String) {
            let known = series.points.filter { $0.value != nil }
            guard !known.isEmpty || series.points.contains(where: \.belowThreshold) else { return }
            let spark = Self.sparkline(series, range: series.scale)
            var tail = ""
            if let first = known.first?.value, let last = known.last {
                tail = known.count > 1 ? "\(format(first)) → \(format(last.value!))" : format(first)
                if series.unit == "mean of 5" { tail += " (latest n \(last.n))" }
            }
            lines.append(OutputLine("  \(series.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(spark)  \(tail)", hang: 29))
        }
        for series in measures { row(series) { String(format: "%.2f", $0) } }
        row(headcount) { String(format: "%.0f", $0) }
        row(airtimeGini) { String(format: "%.2f", $0) }
        row(commitmentsOnTime) { String(format: "%.0f%%", $0 * 100) }
        row(conflictsOpen) { String(format: "%.0f", $0) }
        lines.append(.blank())
        lines += scorecard.lines()
        // The latest segmented pulses, by segment (what the remainder rule kept at close).
        for pulse in segmented.suffix(3) {
            lines.append(.blank())
            lines.append(.dim("\(pulse.date) · “\(TerminalText.sanitize(pulse.question, singleLine: true))”"))
            lines += pulse.breakdown.lines(threshold: pulse.threshold)
        }
        return lines
    }
}
