import ArgumentParser
import ConveneCore
import ConveneStore
import ConveneTerminal
import Foundation

enum ReviewFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv, html }

/// Writes a command's result to stdout or to --out FILE.
func emit(_ text: String, out: String?, context: AppContext) throws {
    guard let out else {
        context.print(text)
        return
    }
    let path = GlobalOptions.absolute(out)
    do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        throw CLIError.failure("could not write \(out): \(error.localizedDescription)")
    }
    context.output.writeError("convene: wrote \(out)\n")
}

func encodeJSON<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return TerminalText.escapeJSON(String(decoding: try encoder.encode(value), as: UTF8.self))
}

struct SignalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signals",
        abstract: "The group's signals across sessions, with evidence and recommended activities."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "The group (default: config group, else the one met most recently).") var group: String?
    @Option(help: "text or json.") var format: Format = .text
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let library = try context.loadLibrary()
        let (_, chosen, history) = try GroupChoice.history(group, context: context)
        let signals = SignalDetector(library: library).signals(history)
        switch format {
        case .json: context.print(try encodeJSON(signals))
        case .text: context.show(SignalLines.lines(signals, group: chosen.name))
        }
    }
}

struct TrendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Per-session trends of a group: pulse measures, headcount, airtime, commitments, conflicts.",
        discussion: "html writes a self-contained report (charts, signals, open conflicts and commitments) for a steering committee."
    )

    @Option(help: "The group (default: config group, else the one met most recently).") var group: String?
    @Option(help: "text, json, csv or html.") var format: ReviewFormat = .text
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        if format == .html { try GroupChoice.requireNamed(group, for: "trends --format html", context: context) }
        let (store, _, history) = try GroupChoice.history(group, context: context)
        let trends = Trends(history: history, library: try? context.loadLibrary())
        switch format {
        case .text:
            // A file gets plain text: no colour codes, no wrapping to this terminal's width.
            if let out { try emit(Styler(colour: false, width: .max).render(trends.lines()), out: out, context: context) } else { context.show(trends.lines()) }
        case .json:
            try emit(trends.json(), out: out, context: context)
        case .csv:
            let rows = trends.allSeries.flatMap { series in
                series.points.map { [series.name, String($0.session), $0.date, $0.value.map { String($0) } ?? "", String($0.n), $0.belowThreshold ? "true" : "false", String($0.number)] }
            }
            try emit(CSVText.render(header: ["series", "session", "date", "value", "n", "below_threshold", "session_number"], rows: rows), out: out, context: context)
        case .html:
            let library = try context.loadLibrary()
            let signals = SignalDetector(library: library).signals(history)
            var contextState = GroupContext()
            if let last = history.sessions.last { contextState = try store.context(forSession: last.id) }
            let report = HTMLReport(trends: trends, signals: signals, openConflicts: contextState.openConflicts,
                                    openCommitments: contextState.openCommitments, generated: CivilClock.local.day(Date()))
            try emit(report.render(), out: out, context: context)
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a group's sessions, pulses (aggregates; raw answers only above the threshold, shuffled), conflicts, commitments and airtime."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv }

    @Option(help: "The group (default: config group, else the one met most recently).") var group: String?
    @Option(help: "json or csv.") var format: Format
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let (_, _, history) = try GroupChoice.history(group, context: context, details: true)
        let document = ExportDocument(history: history)
        switch format {
        case .json: try emit(try encodeJSON(document), out: out, context: context)
        case .csv: try emit(document.csv(trends: Trends(history: history)), out: out, context: context)
        }
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create the \"Demo Collaborative\" group with a realistic history of 12 sessions.",
        discussion: "Then: convene signals --group \"Demo Collaborative\", convene trends --format html --out report.html"
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let library = try context.loadLibrary()
        let store = try context.openStoreForWriting()
        if let existing = try store.group(named: DemoStory.groupName) {
            let count = try store.sessions(groupId: existing.id).count
            context.print("\(DemoStory.groupName) is already in this store (\(Plural.count(count, "session"))). Try: convene signals --group \"\(DemoStory.groupName)\"")
            return
        }
        let group = try store.createGroup(named: DemoStory.groupName, at: Date(timeIntervalSince1970: 1_764_000_000))
        // A finished history, written as the bulk importer writes one: the core replays each session
        // on the group's memory and the store saves what it derived. Live sessions go through LiveSession.
        let history = DemoStory(library: library).sessions()
        try store.importSessions(history, group: group)
        let sessions = history.count
        try store.checkpoint()
        context.print("Created \(DemoStory.groupName) with \(Plural.count(sessions, "session")).")
        context.print("Try: convene signals --group \"\(DemoStory.groupName)\"   ·   convene trends --group \"\(DemoStory.groupName)\" --format html --out report.html")
    }
}
