import Foundation

/// A self-contained HTML report of a group: inline CSS and SVG, no scripts, no external assets,
/// printable. Charts carry titles, text alternatives and data tables, and mark points by shape and
/// label as well as colour.
public struct HTMLReport: Sendable {
    public var trends: Trends
    public var signals: [Signal]
    public var openConflicts: [Conflict]
    public var openCommitments: [Commitment]
    public var generated: String
    /// The group's decisions log (support only as the threshold allows).
    public var decisions: DecisionLog?

    public init(
        trends: Trends, signals: [Signal], openConflicts: [Conflict], openCommitments: [Commitment], generated: String, decisions: DecisionLog? = nil
    ) {
        self.decisions = decisions
        self.trends = trends
        self.signals = signals
        self.openConflicts = openConflicts
        self.openCommitments = openCommitments
        self.generated = generated
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    public func render() -> String {
        let group = Self.escape(trends.group)
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Convene report · \(group)</title>
            <style>
            body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
            h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #d5dae3; padding-bottom: .2rem; }
            .meta { color: #5a6477; } .signal { border-left: 6px solid #8a94a6; padding: .4rem 1rem; margin: 1rem 0; background: #f6f7f9; }
            .signal.act { border-color: #b3261e; } .signal.watch { border-color: #b26a00; }
            .badge { font-weight: 700; text-transform: uppercase; letter-spacing: .04em; margin-right: .5rem; }
            .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 1.2rem; }
            figure { margin: 0; } svg { width: 100%; height: auto; }
            /* Two lines of room for every title, the text at the bottom: a title that wraps does not push its chart below its neighbours'. */
            figcaption { font-weight: 600; min-height: 3em; display: flex; align-items: flex-end; }
            table { border-collapse: collapse; font-size: .9rem; } td, th { border: 1px solid #d5dae3; padding: .2rem .5rem; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            .scorecard th[scope=row] { text-align: left; font-weight: 600; } .trend.worse { color: #b3261e; font-weight: 600; } .trend.better { color: #1b6e3a; font-weight: 600; }
            @media print { body { margin: 0; max-width: none; } .signal, figure { break-inside: avoid; } details { display: none; } }
            </style>
            </head>
            <body>
            <h1>\(group)</h1>
            <p class="meta">\(Plural.count(trends.sessions, "session")) · anonymity threshold \(trends.threshold): results of pulses with fewer answers are not shown · generated \(Self.escape(generated))</p>

            """
        html += "<h2>Signals</h2>\n"
        if signals.isEmpty {
            html += "<p>No signals: nothing crosses a threshold.</p>\n"
        }
        if !signals.isEmpty {
            // The levels are explained once, where they first appear.
            html += "<ul class=\"meta\">" + Signal.Severity.legend.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>\n"
        }
        for signal in signals {
            html += "<section class=\"signal \(signal.severity.rawValue)\">\n"
            html +=
                "<h3><span class=\"badge\">\(signal.severity.rawValue)</span>\(Self.escape(signal.id.rawValue)): \(Self.escape(signal.summary))</h3>\n<ul>\n"
            for evidence in signal.evidence { html += "<li>\(Self.escape(evidence))</li>\n" }
            html += "</ul>\n"
            if !signal.recommendations.isEmpty {
                html +=
                    "<p>Recommended: "
                    + signal.recommendations.map {
                        "<strong>\(Self.escape($0.title))</strong> (\(Self.escape($0.kind)), <code>\(Self.escape($0.id))</code>)"
                    }.joined(separator: "; ") + "</p>\n"
            }
            html += "</section>\n"
        }
        html += scorecardSection()
        html += "<h2>Trends</h2>\n<div class=\"charts\">\n"
        for (index, series) in trends.allSeries.enumerated() where series.points.contains(where: { $0.value != nil || $0.belowThreshold }) {
            html += chart(series, id: "chart\(index)")
        }
        html += "</div>\n"
        html += segmentSection()
        html += "<h2>Open conflicts</h2>\n"
        html +=
            openConflicts.isEmpty
            ? "<p>None.</p>\n"
            : "<ul>\n"
                + openConflicts.map { "<li>\($0.number). \(Self.escape($0.text)): \(SessionAge.conflictText($0.sessionsOpen))</li>\n" }.joined()
                + "</ul>\n"
        html += "<h2>Open commitments</h2>\n"
        html +=
            openCommitments.isEmpty
            ? "<p>None.</p>\n"
            : "<ul>\n"
                + openCommitments.map {
                    "<li>\($0.number). \(Self.escape($0.owner)): \(Self.escape($0.action)) (\(Self.escape($0.due.label)))</li>\n"
                }.joined() + "</ul>\n"
        html += decisionSection()
        html += "</body>\n</html>\n"
        return html
    }

    /// The decisions log: what was decided, how, with what support and who was present.
    func decisionSection() -> String {
        guard let decisions, !decisions.entries.isEmpty else { return "" }
        var html =
            "<h2>Decisions</h2>\n<table class=\"decisions\">\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Session</th><th scope=\"col\">Proposal and outcome</th><th scope=\"col\">How, and the support</th><th scope=\"col\">Present</th></tr></thead>\n<tbody>\n"
        for entry in decisions.entries {
            let d = entry.decision
            html +=
                "<tr><td>\(d.number)</td><td>\(entry.session)</td><td>\(Self.escape(d.proposal)) → \(d.status == .deferred ? "deferred: " : "")\(Self.escape(d.outcome))\(d.review.map { " (review \(Self.escape($0)))" } ?? "")</td><td>\(Self.escape(d.supportLine(under: decisions.threshold)))</td><td>\(Self.escape(d.presenceLine))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// One row per value of the essay, each indicator with its recent figure, the earlier one and the
    /// trend in words, better or worse named (colour is never the only mark).
    func scorecardSection() -> String {
        let card = trends.scorecard
        var html =
            "<h2>The five values</h2>\n<p class=\"meta\">Each figure covers the last \(card.window) sessions, beside the \(card.window) before. Voice and ownership count by seat category, never by person.</p>\n"
        html +=
            "<table class=\"scorecard\" id=\"scorecard\">\n<thead><tr><th scope=\"col\">Value</th><th scope=\"col\">Indicator</th><th scope=\"col\">Last \(card.window)</th><th scope=\"col\">Before</th><th scope=\"col\">Trend</th></tr></thead>\n<tbody>\n"
        for row in card.rows {
            for (index, indicator) in row.indicators.enumerated() {
                html += "<tr>"
                if index == 0 { html += "<th scope=\"row\" rowspan=\"\(row.indicators.count)\">\(Self.escape(row.title))</th>" }
                let quality = indicator.improving.map { $0 ? " better" : " worse" } ?? ""
                // The same words as the terminal: the direction is named, never a bare arrow.
                let arrow = (["up": "↑ ", "down": "↓ "][indicator.trend] ?? "") + indicator.trendText
                html +=
                    "<td>\(Self.escape(indicator.name))</td><td>\(indicator.recent.map(indicator.text) ?? "–")</td><td>\(indicator.previous.map(indicator.text) ?? "–")</td>"
                html += "<td class=\"trend\(quality)\">\(Self.escape(arrow))</td></tr>\n"
            }
        }
        return html + "</tbody>\n</table>\n"
    }

    /// Segmented pulses by segment: only what the threshold and the remainder rule kept at close.
    func segmentSection() -> String {
        guard !trends.segmented.isEmpty else { return "" }
        var html =
            "<h2>Results by segment</h2>\n<p class=\"meta\">Segments with fewer answers than their pulse's threshold (shown with each), and any that could be worked out from the others, are not shown; hidden segments appear pooled as “other” only when the pool keeps each of them hidden.</p>\n"
        for pulse in trends.segmented.suffix(6) {
            html +=
                "<table class=\"segments\">\n<caption>\(Self.escape(pulse.date)) · \(Self.escape(pulse.question)) · threshold \(pulse.threshold)</caption>\n<thead><tr><th scope=\"col\">\(Self.escape(pulse.breakdown.question))</th><th scope=\"col\">Answers</th><th scope=\"col\">Mean</th></tr></thead>\n<tbody>\n"
            let rows = pulse.breakdown.rows + (pulse.breakdown.other.map { [$0] } ?? [])
            if rows.isEmpty { html += "<tr><td colspan=\"3\">No segment can be shown without exposing another.</td></tr>\n" }
            for row in rows {
                html +=
                    "<tr><td>\(Self.escape(row.segment))</td><td>\(row.count)</td><td>\(row.mean.map { String(format: "%.2f", $0) } ?? "–")</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        return html
    }

    func chart(_ series: Trends.Series, id: String) -> String {
        // Below the plot, a strip of its own for sessions below the threshold, under the axis
        // dates: a hollow marker there cannot be read as a value (on the 1.00 line it read as 1).
        let width = 320.0
        let height = 176.0
        let left = 36.0
        let right = 10.0
        let top = 12.0
        let bottom = 40.0
        let stripY = height - bottom + 14
        // The terminal's sparkline scale: 1–5, 0–1, or 0 to the group's largest.
        let range = series.scale
        let count = max(1, series.points.count - 1)
        func x(_ index: Int) -> Double { left + (width - left - right) * Double(index) / Double(count) }
        func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - (value - range.lowerBound) / (range.upperBound - range.lowerBound)) }
        func format(_ value: Double) -> String {
            series.unit == "share"
                ? String(format: "%.0f%%", value * 100)
                : series.unit == "mean of 5" || series.unit == "Gini" ? String(format: "%.2f", value) : String(format: "%.0f", value)
        }
        // Gaps (below the threshold, not asked) break the line into segments.
        var segments: [[(Int, Double)]] = [[]]
        for (index, point) in series.points.enumerated() {
            if let value = point.value {
                segments[segments.count - 1].append((index, value))
            } else if !segments[segments.count - 1].isEmpty {
                segments.append([])
            }
        }
        let known = series.points.filter { $0.value != nil }
        let description: String
        if let first = known.first, let last = known.last {
            description =
                "\(series.name) per session, from \(format(first.value!)) on \(first.date) to \(format(last.value!)) on \(last.date); \(series.points.filter(\.belowThreshold).count) sessions below the threshold are gaps."
        } else {
            description = "\(series.name): every session was below the threshold; nothing is shown."
        }
        var svg =
            "<figure>\n<figcaption id=\"\(id)-title\">\(Self.escape(series.name.prefix(1).uppercased() + series.name.dropFirst())) (\(Self.escape(series.unit)))</figcaption>\n"
        svg +=
            "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(id)-t\">\(Self.escape(series.name))</title>\n<desc id=\"\(id)-d\">\(Self.escape(description))</desc>\n"
        for tick in [range.lowerBound, (range.lowerBound + range.upperBound) / 2, range.upperBound] {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" stroke=\"#d5dae3\" stroke-dasharray=\"3 3\"/>"
            svg += "<text x=\"\(left - 4)\" y=\"\(y(tick) + 4)\" font-size=\"10\" text-anchor=\"end\" fill=\"#5a6477\">\(format(tick))</text>\n"
        }
        for segment in segments where !segment.isEmpty {
            let path = segment.map { "\(String(format: "%.1f", x($0.0))),\(String(format: "%.1f", y($0.1)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>\n"
        }
        for (index, point) in series.points.enumerated() {
            if let value = point.value {
                svg +=
                    "<circle cx=\"\(String(format: "%.1f", x(index)))\" cy=\"\(String(format: "%.1f", y(value)))\" r=\"3.5\" fill=\"#1f5fa8\"><title>\(point.date): \(format(value))\(point.n > 0 && series.unit == "mean of 5" ? " (n = \(point.n))" : "")</title></circle>\n"
            } else if point.belowThreshold {
                // A hollow dashed diamond in the strip marks a session below the threshold: a gap, not a value.
                let cx = x(index)
                svg +=
                    "<path class=\"below\" d=\"M\(String(format: "%.1f", cx)) \(String(format: "%.1f", stripY - 4.5))l4.5 4.5l-4.5 4.5l-4.5 -4.5z\" fill=\"none\" stroke=\"#5a6477\" stroke-dasharray=\"2 1\"><title>\(point.date): below the threshold, nothing shown</title></path>\n"
            }
        }
        if series.points.contains(where: \.belowThreshold) {
            svg +=
                "<text x=\"\(left - 4)\" y=\"\(String(format: "%.1f", stripY + 3.5))\" font-size=\"9\" text-anchor=\"end\" fill=\"#5a6477\">&lt; k</text>\n"
        }
        if let first = series.points.first, let last = series.points.last {
            // The first and last sessions along the bottom, under the strip of below-threshold marks.
            svg += "<text x=\"\(left)\" y=\"\(height - 4)\" font-size=\"10\" fill=\"#5a6477\">session \(first.number) · \(first.date)</text>"
            svg +=
                "<text x=\"\(width - right)\" y=\"\(height - 4)\" font-size=\"10\" text-anchor=\"end\" fill=\"#5a6477\">session \(last.number) · \(last.date)</text>\n"
        }
        svg += "</svg>\n<details><summary>Data</summary>\n<table><tr><th>session</th><th>date</th><th>value</th><th>n</th></tr>\n"
        for point in series.points {
            let value = point.value.map(format) ?? (point.belowThreshold ? "below threshold" : "—")
            svg += "<tr><td>\(point.number)</td><td>\(point.date)</td><td>\(value)</td><td>\(point.n)</td></tr>\n"
        }
        svg += "</table>\n</details>\n</figure>\n"
        return svg
    }
}
