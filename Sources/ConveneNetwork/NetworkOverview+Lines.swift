import ConveneCore
import Foundation

/// The network's views as terminal lines: tables side by side, trends as sparklines, signals by table.
extension NetworkOverview {
    /// How many of each table's latest sessions a sparkline shows.
    public static let sparkSessions = 24

    static func name(_ text: String, width: Int = 24) -> String {
        let clean = TerminalText.sanitize(text, singleLine: true)
        let cut = clean.count > width ? String(clean.prefix(width - 1)) + "…" : clean
        return cut + String(repeating: " ", count: max(0, width - TerminalText.displayWidth(cut)))
    }

    static func figure(_ value: Double?, _ series: Series) -> String {
        guard let value else { return "  –  " }
        return String(format: "%.2f", value)
    }

    func heading(_ view: String) -> OutputLine {
        .heading("Network · \(view) · \(tables.count) table\(tables.count == 1 ? "" : "s") · network k \(k)")
    }

    public func tableLines() -> [OutputLine] {
        var lines = [heading("tables")]
        guard !tables.isEmpty else {
            return lines + [.dim("No tables yet: the backbone runs convene network grant \"TABLE\", then each table runs convene publish.")]
        }
        lines.append(.dim("Latest published values; voice is the airtime Gini (lower is more even); – = nothing published."))
        lines.append(OutputLine("  \(Self.name("table")) sessions  last        trust  worth  voice  signals", .dim, wraps: false))
        for table in tables {
            let sessions = String(table.sessions.count).leftPadded(8)
            let last = (table.sessions.last?.day ?? "–").padding(toLength: 10, withPad: " ", startingAt: 0)
            let acts = table.signals.filter { $0.severity == "act" }.count
            let signals = table.signals.isEmpty ? "none" : "\(table.signals.count)\(acts > 0 ? " (\(acts) act)" : "")"
            let values = Series.allCases.map { Self.figure(table.latest($0), $0) }.joined(separator: "   ")
            lines.append(OutputLine("  \(Self.name(table.name)) \(sessions)  \(last)  \(values)   \(signals)", wraps: false))
        }
        return lines
    }

    public func trendLines() -> [OutputLine] {
        var lines = [heading("trends")]
        guard !tables.isEmpty else { return lines + [.dim("No tables yet.")] }
        lines.append(.dim("Each table's last \(Self.sparkSessions) published sessions, oldest first; blank = not asked, or not published (below k)."))
        for series in Series.allCases {
            lines.append(.blank())
            lines.append(OutputLine(series.caption, .emphasis))
            for table in tables {
                let shown = table.sessions.suffix(Self.sparkSessions)
                let marks = shown.map { session in series.value(of: session).map { Trends.Mark.value($0) } ?? .notAsked }
                let spark = Trends.sparkline(Array(marks), range: series.range).padding(toLength: Self.sparkSessions, withPad: " ", startingAt: 0)
                let known = shown.compactMap { series.value(of: $0) }
                let tail =
                    known.isEmpty
                    ? "–"
                    : known.count == 1 ? Self.figure(known[0], series) : "\(Self.figure(known.first, series)) → \(Self.figure(known.last, series))"
                lines.append(OutputLine("  \(Self.name(table.name)) \(spark)  \(tail)", wraps: false))
            }
        }
        return lines
    }

    public func signalLines() -> [OutputLine] {
        var lines = [heading("signals")]
        let ids = signalIDs
        guard !ids.isEmpty else { return lines + [.dim("No table shows a signal.")] }
        lines.append(.dim("Which table shows which signal (the strongest severity where a table shows it more than once)."))
        for id in ids {
            let showing = tables.compactMap { table in severity(of: id, at: table).map { (table, $0) } }
            lines.append(.blank())
            // The id is a table's text like any other: no escape sequence reaches the terminal.
            lines.append(
                OutputLine(
                    "\(TerminalText.sanitize(id, singleLine: true)) · \(showing.count) of \(tables.count) table\(tables.count == 1 ? "" : "s")",
                    .emphasis))
            for (table, severity) in showing {
                let summary = table.signals.first { $0.signal == id && $0.severity == severity }?.summary ?? ""
                lines.append(
                    OutputLine(
                        "  \(severity.padding(toLength: 5, withPad: " ", startingAt: 0)) \(TerminalText.sanitize(table.name, singleLine: true)): \(TerminalText.sanitize(summary, singleLine: true))"
                    ))
            }
        }
        return lines
    }

    /// Everything, for `network report --format text`.
    public func reportLines() -> [OutputLine] {
        tableLines() + [.blank()] + trendLines() + [.blank()] + signalLines()
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
