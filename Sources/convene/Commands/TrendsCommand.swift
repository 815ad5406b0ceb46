import ArgumentParser
import ConveneCore
import ConveneStore
import ConveneTerminal
import Foundation

struct TrendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Per-session trends of a group: pulse measures, headcount, airtime, commitments, conflicts.",
        discussion: "html writes a self-contained report (charts, signals, open conflicts and commitments) for a steering committee."
    )

    @Option(help: "The group (default: config group, else the one met most recently).", completion: Completions.groups) var group: String?
    @Option(help: "text, json, csv or html.") var format: ReviewFormat = .text
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        // One store and one library for the whole report: the HTML needs the library, the rest can do without.
        let opened = try context.openStoreForReading()
        if format == .html { try GroupChoice.requireNamed(group, for: "trends --format html", store: opened) }
        let (store, _, history) = try GroupChoice.history(group, store: opened)
        let library = format == .html ? try context.loadLibrary() : try? context.loadLibrary()
        let trends = Trends(history: history, library: library)
        switch format {
        case .text:
            // A file gets plain text: no colour codes, no wrapping to this terminal's width.
            if let out {
                try emit(Styler(colour: false, width: .max).render(trends.lines()), out: out, context: context)
            } else {
                context.show(trends.lines())
            }
        case .json:
            try emit(trends.json(), out: out, context: context)
        case .csv:
            let rows = trends.allSeries.flatMap { series in
                series.points.map {
                    [
                        series.name, String($0.session), $0.date, $0.value.map { String($0) } ?? "", String($0.n),
                        $0.belowThreshold ? "true" : "false", String($0.number),
                    ]
                }
            }
            try emit(
                CSVText.render(header: ["series", "session", "date", "value", "n", "below_threshold", "session_number"], rows: rows), out: out,
                context: context)
        case .html:
            // A page of HTML on a terminal is noise: it goes to a file, or to a pipe.
            if out == nil, context.terminal.outputIsTerminal {
                throw CLIError.usage("--format html writes a page, not terminal text: add --out report.html (or pipe it to a file)")
            }
            let signals = SignalDetector(library: library ?? Library()).signals(history)
            var contextState = GroupContext()
            if let last = history.sessions.last { contextState = try store.context(forSession: last.id) }
            let report = HTMLReport(
                trends: trends, signals: signals, openConflicts: contextState.openConflicts,
                openCommitments: contextState.openCommitments, generated: CivilClock.local.day(Date()), decisions: history.decisionLog)
            try emit(report.render(), out: out, context: context)
        }
    }
}
