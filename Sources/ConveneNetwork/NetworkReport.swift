import ConveneCore
import Foundation

/// The network's self-contained HTML report for the backbone's staff and steering committee: the
/// tables side by side, which table shows which signal, and trust, worth and voice by table over
/// time as SVG. Inline CSS and SVG, no scripts and nothing fetched; every chart has a text
/// alternative and its data in a table, and tables are told apart by label and marker as well as colour.
public struct NetworkReport: Sendable {
    public var overview: NetworkOverview
    public var generated: String

    public init(overview: NetworkOverview, generated: String) {
        self.overview = overview
        self.generated = generated
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static let colours = ["#1f5fa8", "#b3261e", "#1b6e3a", "#7b3fa0", "#b26a00", "#00707a", "#5a6477", "#a1306b"]
    static let markers = ["circle", "square", "diamond", "triangle"]

    public func render() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Convene network report</title>
            <style>
            body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; }
            h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #d5dae3; padding-bottom: .2rem; }
            .meta { color: #5a6477; }
            table { border-collapse: collapse; font-size: .9rem; } td, th { border: 1px solid #d5dae3; padding: .2rem .5rem; text-align: right; vertical-align: middle; }
            th:first-child, td:first-child { text-align: left; } th[scope=row] { font-weight: 600; }
            td.act { background: #fbe9e7; color: #8c1d18; font-weight: 700; } td.watch { background: #fff4e0; color: #7a4800; font-weight: 600; } td.info { color: #3d4656; }
            .spark { width: 6rem; height: 1.2rem; vertical-align: middle; margin-left: .3rem; }
            .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1.5rem; align-items: start; }
            figure { margin: 0; } figcaption { font-weight: 600; min-height: 3em; } svg.chart { width: 100%; height: auto; }
            ul.legend { list-style: none; padding: 0; margin: .3rem 0; font-size: .85rem; } ul.legend li { display: inline-block; margin-right: .8rem; }
            @media print { body { margin: 0; max-width: none; } figure, table { break-inside: avoid; } details { display: none; } }
            </style>
            </head>
            <body>
            <h1>Convene network report</h1>
            <p class="meta">\(overview.tables.count) table\(overview.tables.count == 1 ? "" : "s") · the network’s anonymity threshold \(overview.k) (each table’s figures passed the larger of its own k and this) · only what each table published · generated \(Self.escape(generated))</p>

            """
        html += tablesSection()
        html += signalsSection()
        html +=
            "<h2>Over time</h2>\n<p class=\"meta\">One line per table, by meeting date. A gap is a session where the pulse was not asked or had too few answers to publish.</p>\n<div class=\"charts\">\n"
        for series in NetworkOverview.Series.allCases { html += chart(series) }
        html += "</div>\n</body>\n</html>\n"
        return html
    }

    func tablesSection() -> String {
        var html = "<h2>Tables side by side</h2>\n"
        guard !overview.tables.isEmpty else { return html + "<p>No table has published yet.</p>\n" }
        html += "<table class=\"tables\">\n<thead><tr><th scope=\"col\">Table</th><th scope=\"col\">Sessions</th><th scope=\"col\">Last met</th>"
        html +=
            "<th scope=\"col\">Trust</th><th scope=\"col\">Worth</th><th scope=\"col\">Voice (Gini)</th><th scope=\"col\">Signals</th></tr></thead>\n<tbody>\n"
        for table in overview.tables {
            html +=
                "<tr><th scope=\"row\">\(Self.escape(table.name))</th><td>\(table.sessions.count)</td><td>\(Self.escape(table.sessions.last?.day ?? "–"))</td>"
            for series in NetworkOverview.Series.allCases {
                let latest = table.latest(series).map { String(format: "%.2f", $0) } ?? "–"
                html += "<td>\(latest)\(spark(table, series))</td>"
            }
            let acts = table.signals.filter { $0.severity == "act" }.count
            html += "<td>\(table.signals.count)\(acts > 0 ? " (\(acts) act)" : "")</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// A small inline sparkline of a table's last sessions (decorative: the figure beside it is the value).
    func spark(_ table: NetworkOverview.Table, _ series: NetworkOverview.Series) -> String {
        let shown = Array(table.sessions.suffix(NetworkOverview.sparkSessions))
        guard shown.count >= 2 else { return "" }
        let width = 96.0
        let height = 18.0
        var segments: [[String]] = [[]]
        for (index, session) in shown.enumerated() {
            if let value = series.value(of: session) {
                let x = width * Double(index) / Double(shown.count - 1)
                let y = 2 + (height - 4) * (1 - (value - series.range.lowerBound) / (series.range.upperBound - series.range.lowerBound))
                segments[segments.count - 1].append(String(format: "%.1f,%.1f", x, y))
            } else if !segments[segments.count - 1].isEmpty {
                segments.append([])
            }
        }
        let lines = segments.filter { $0.count >= 2 }.map {
            "<polyline points=\"\($0.joined(separator: " "))\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\"/>"
        }
        guard !lines.isEmpty else { return "" }
        return
            "<svg class=\"spark\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\">\(lines.joined())</svg>"
    }

    func signalsSection() -> String {
        var html = "<h2>Which table shows which signal</h2>\n"
        let ids = overview.signalIDs
        guard !ids.isEmpty else { return html + "<p>No table shows a signal.</p>\n" }
        html += "<table class=\"signals\">\n<thead><tr><th scope=\"col\">Table</th>"
        for id in ids { html += "<th scope=\"col\">\(Self.escape(id))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for table in overview.tables {
            html += "<tr><th scope=\"row\">\(Self.escape(table.name))</th>"
            for id in ids {
                if let severity = overview.severity(of: id, at: table) {
                    let summary = table.signals.first { $0.signal == id && $0.severity == severity }?.summary ?? ""
                    html += "<td class=\"\(Self.escape(severity))\" title=\"\(Self.escape(summary))\">\(Self.escape(severity))</td>"
                } else {
                    html += "<td>–</td>"
                }
            }
            html += "</tr>\n"
        }
        html +=
            "</tbody>\n</table>\n<p class=\"meta\">act = needs attention now, watch = keep an eye on it, info = worth knowing; – = not shown by that table.</p>\n"
        return html
    }

    /// Days since 1970-01-01 of a "yyyy-MM-dd" day (the civil-from-days inverse), for a common time axis.
    static func dayNumber(_ day: String) -> Int? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let (y0, m, d) = (parts[0], parts[1], parts[2])
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    func marker(_ shape: String, x: Double, y: Double, colour: String, title: String) -> String {
        let (cx, cy) = (String(format: "%.1f", x), String(format: "%.1f", y))
        let tip = "<title>\(Self.escape(title))</title>"
        switch shape {
        case "square":
            return
                "<rect x=\"\(String(format: "%.1f", x - 3))\" y=\"\(String(format: "%.1f", y - 3))\" width=\"6\" height=\"6\" fill=\"\(colour)\">\(tip)</rect>"
        case "diamond":
            return
                "<polygon points=\"\(cx),\(String(format: "%.1f", y - 4)) \(String(format: "%.1f", x + 4)),\(cy) \(cx),\(String(format: "%.1f", y + 4)) \(String(format: "%.1f", x - 4)),\(cy)\" fill=\"\(colour)\">\(tip)</polygon>"
        case "triangle":
            return
                "<polygon points=\"\(cx),\(String(format: "%.1f", y - 4)) \(String(format: "%.1f", x + 4)),\(String(format: "%.1f", y + 3)) \(String(format: "%.1f", x - 4)),\(String(format: "%.1f", y + 3))\" fill=\"\(colour)\">\(tip)</polygon>"
        default: return "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"3\" fill=\"\(colour)\">\(tip)</circle>"
        }
    }

    func chart(_ series: NetworkOverview.Series) -> String {
        let id = "chart-\(series.rawValue)"
        let width = 420.0
        let height = 220.0
        let left = 36.0
        let right = 10.0
        let top = 12.0
        let bottom = 24.0
        let days = overview.tables.flatMap { $0.sessions.compactMap { Self.dayNumber($0.day) } }
        let first = days.min() ?? 0
        let last = days.max() ?? 1
        let span = Double(max(1, last - first))
        func x(_ day: Int) -> Double { left + (width - left - right) * Double(day - first) / span }
        func y(_ value: Double) -> Double {
            top + (height - top - bottom) * (1 - (value - series.range.lowerBound) / (series.range.upperBound - series.range.lowerBound))
        }
        var described: [String] = []
        for table in overview.tables {
            let known = table.sessions.compactMap { session in series.value(of: session).map { (session.day, $0) } }
            if let a = known.first, let b = known.last {
                described.append("\(table.name) from \(String(format: "%.2f", a.1)) on \(a.0) to \(String(format: "%.2f", b.1)) on \(b.0)")
            }
        }
        var svg = "<figure>\n<figcaption id=\"\(id)-title\">\(Self.escape(series.caption)) by table</figcaption>\n"
        svg +=
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(id)-t\">\(Self.escape(series.caption)) by table</title>\n"
        svg +=
            "<desc id=\"\(id)-d\">\(Self.escape(described.isEmpty ? "No table published this." : described.joined(separator: "; ") + "."))</desc>\n"
        let low = series.range.lowerBound
        let high = series.range.upperBound
        for tick in [low, (low + high) / 2, high] {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" stroke=\"#d5dae3\" stroke-dasharray=\"3 3\"/>"
            svg +=
                "<text x=\"\(left - 4)\" y=\"\(y(tick) + 4)\" font-size=\"10\" text-anchor=\"end\" fill=\"#5a6477\">\(String(format: "%.1f", tick))</text>\n"
        }
        for (index, table) in overview.tables.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            let shape = Self.markers[(index / Self.colours.count) % Self.markers.count]
            var segments: [[(Double, Double, String, Double)]] = [[]]
            for session in table.sessions {
                guard let day = Self.dayNumber(session.day) else { continue }
                if let value = series.value(of: session) {
                    segments[segments.count - 1].append((x(day), y(value), session.day, value))
                } else if !segments[segments.count - 1].isEmpty {
                    segments.append([])
                }
            }
            svg += "<g class=\"table\" data-table=\"\(Self.escape(table.id))\">"
            for segment in segments where segment.count >= 2 {
                svg +=
                    "<polyline points=\"\(segment.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.8\"/>"
            }
            // Markers only when they stay readable.
            if table.sessions.count <= 40 {
                for point in segments.joined() {
                    svg += marker(
                        shape, x: point.0, y: point.1, colour: colour, title: "\(table.name), \(point.2): \(String(format: "%.2f", point.3))")
                }
            }
            svg += "</g>\n"
        }
        if let a = overview.tables.flatMap({ $0.sessions.map(\.day) }).min(), let b = overview.tables.flatMap({ $0.sessions.map(\.day) }).max() {
            svg += "<text x=\"\(left)\" y=\"\(height - 6)\" font-size=\"10\" fill=\"#5a6477\">\(Self.escape(a))</text>"
            svg += "<text x=\"\(width - right)\" y=\"\(height - 6)\" font-size=\"10\" text-anchor=\"end\" fill=\"#5a6477\">\(Self.escape(b))</text>\n"
        }
        svg += "</svg>\n<ul class=\"legend\">"
        for (index, table) in overview.tables.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            let shape = Self.markers[(index / Self.colours.count) % Self.markers.count]
            svg +=
                "<li><svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" aria-hidden=\"true\">\(marker(shape, x: 5, y: 5, colour: colour, title: table.name))</svg> \(Self.escape(table.name)) (\(shape))</li>"
        }
        svg += "</ul>\n<details><summary>Data</summary>\n<table><tr><th>table</th><th>session</th><th>value</th></tr>\n"
        for table in overview.tables {
            for session in table.sessions {
                guard let value = series.value(of: session) else { continue }
                svg += "<tr><td>\(Self.escape(table.name))</td><td>\(Self.escape(session.day))</td><td>\(String(format: "%.2f", value))</td></tr>\n"
            }
        }
        svg += "</table>\n</details>\n</figure>\n"
        return svg
    }
}
