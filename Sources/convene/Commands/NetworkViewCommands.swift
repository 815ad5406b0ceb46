import ArgumentParser
import ConveneCore
import ConveneNetwork
import ConveneStore
import ConveneTerminal
import Foundation

/// What every view of the network takes: where it is, the format and the file.
struct NetworkViewOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, html }

    @Option(help: ArgumentHelp("The network (default: CONVENE_NETWORK); the backbone's reader role sees every table.", valueName: "URL")) var network:
        String?
    @Option(help: "text, json (for other tools) or html (the whole report, self-contained).") var format: Format?
    @Option(help: "Write to this file instead of standard output.") var out: String?

    /// Reads the network and writes the view: `lines` for text, `json` for json, the report for html.
    func show(
        _ global: GlobalOptions, default fallback: Format = .text, lines: (NetworkOverview) -> [OutputLine],
        json: (NetworkOverview) throws -> String
    ) throws {
        let context = AppContext(options: global)
        let url = try NetworkChoice.url(network)
        let overview = try NetworkChoice.with(url) { network in try await network.overview() }
        switch format ?? fallback {
        case .text:
            // A file gets plain text: no colour codes, no wrapping to this terminal's width.
            if let out {
                try emit(Styler(colour: false, width: .max).render(lines(overview)), out: out, context: context)
            } else {
                context.show(lines(overview))
            }
        case .json:
            try emit(try json(overview), out: out, context: context)
        case .html:
            try emit(NetworkReport(overview: overview, generated: CivilClock.local.day(Date())).render(), out: out, context: context)
        }
    }
}

extension NetworkCommand {
    struct Tables: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tables", abstract: "The network's tables side by side: sessions, last met, latest trust, worth and voice, signals.")

        struct Row: Encodable {
            var id: String, name: String, k: Int?, sessions: Int, lastDay: String?
            var trust: Double?, worth: Double?, voice: Double?
            var signals: Int, act: Int
        }

        @OptionGroup var view: NetworkViewOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try view.show(
                global, lines: { $0.tableLines() },
                json: { overview in
                    try encodeJSON(
                        overview.tables.map { table in
                            Row(
                                id: table.id, name: table.name, k: table.k, sessions: table.sessions.count, lastDay: table.sessions.last?.day,
                                trust: table.latest(.trust), worth: table.latest(.worth), voice: table.latest(.voice),
                                signals: table.signals.count, act: table.signals.filter { $0.severity == "act" }.count)
                        })
                })
        }
    }

    struct Trends: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trends", abstract: "Trust, worth and voice by table over time (sparklines; json has every session).")

        @OptionGroup var view: NetworkViewOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try view.show(global, lines: { $0.trendLines() }, json: { $0.json() })
        }
    }

    struct Signals: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "signals", abstract: "Which table shows which signal.")

        struct Showing: Encodable { var table: String, name: String, severity: String, summary: String, evidence: [String] }
        struct Row: Encodable { var signal: String, tables: [Showing] }

        @OptionGroup var view: NetworkViewOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try view.show(
                global, lines: { $0.signalLines() },
                json: { overview in
                    try encodeJSON(
                        overview.signalIDs.map { id in
                            Row(
                                signal: id,
                                tables: overview.tables.flatMap { table in
                                    table.signals.filter { $0.signal == id }.map {
                                        Showing(table: table.id, name: table.name, severity: $0.severity, summary: $0.summary, evidence: $0.evidence)
                                    }
                                })
                        })
                })
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "The network's report: tables side by side, signals by table, trust, worth and voice over time (html by default)."
        )

        @OptionGroup var view: NetworkViewOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try view.show(global, default: .html, lines: { $0.reportLines() }, json: { $0.json() })
        }
    }

    struct Reader: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reader",
            abstract: "A login role for the backbone's staff that reads every table and writes none."
        )

        @Argument(help: "Who reads, e.g. \"backbone\" (the role is convene_<database>_r_ and the name in lower case).") var name: String
        @Option(help: ArgumentHelp("The network (default: CONVENE_NETWORK).", valueName: "URL")) var network: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let url = try NetworkChoice.url(network)
            let name = name
            let report = try NetworkChoice.with(url) { network in try await network.grantReader(name) }
            var readerURL = url
            readerURL.user = report.role
            context.print(
                report.created
                    ? "Role \(report.role) reads every table of the network and writes none."
                    : "Role \(report.role) already reads the network; nothing changed.")
            context.print("Set its password (psql asks for it and sends only a hash):")
            context.print("  psql \"\(url.redacted)\" -c '\\password \(report.role)'")
            context.print("Then: CONVENE_NETWORK='\(readerURL.redacted)' convene network report --out network.html")
        }
    }

    /// Fills a network with N tables × M sessions from the synthetic history, each published as a
    /// laptop would (a store, its history, the publication), for `make bench`. Not shown in --help.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Publish a deterministic synthetic network: N tables of M sessions (for benchmarks).",
            shouldDisplay: false
        )

        @Option(help: "How many tables.") var tables: Int = 10
        @Option(help: "Sessions per table.") var sessions: Int = 120
        @Option(help: "Answers per pulse.") var answers: Int = 12
        @Option(help: "Seed of the first table (table i uses seed + i).") var seed: UInt64 = 1
        @Option(help: ArgumentHelp("The network (default: CONVENE_NETWORK).", valueName: "URL")) var network: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            guard tables > 0, sessions > 0, answers >= 0 else {
                throw CLIError.usage("--tables and --sessions must be positive and --answers not negative")
            }
            let context = AppContext(options: global)
            let url = try NetworkChoice.url(network)
            let library = try context.loadLibrary()
            let agenda = library.plans["monthly-steering"].map { Facilitator(library: library).agenda(for: $0) } ?? []
            let (count, perTable, answers, seed) = (tables, sessions, self.answers, seed)
            let published = try NetworkChoice.with(url) { network in
                var total = 0
                for index in 0..<count {
                    let name = "Bench Table \(index + 1)"
                    let history: GroupHistory
                    let groupID: String?
                    do {
                        let store = try AppDatabase.inMemory()
                        let group = try store.createGroup(named: name, at: Date(timeIntervalSince1970: 1_500_000_000))
                        let synthetic = SyntheticHistory(count: perTable, answersPerPulse: answers, seed: seed &+ UInt64(index), agenda: agenda)
                        try store.importSessions(synthetic.sessions(0..<perTable, group: name), group: group)
                        history = try store.history(groupId: group.id!)
                        groupID = group.networkId
                    } catch {
                        throw NetworkError.server("the synthetic table could not be built: \(error)")
                    }
                    _ = try await network.grant(table: name)
                    total += try await network.publish(group: name, groupID: groupID) { networkK in
                        NetworkPublication(history: history, library: library, networkK: networkK, comments: false)
                    }.sessions
                }
                return total
            }
            context.print("Published \(count) table\(count == 1 ? "" : "s") with \(published) sessions to \(url.redacted).")
        }
    }
}
