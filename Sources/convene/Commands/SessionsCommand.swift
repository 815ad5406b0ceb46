import ArgumentParser
import ConveneCore
import ConveneStore
import Foundation

struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List sessions, show one with its summary, or discard one started by mistake.",
        subcommands: [List.self, Show.self, Discard.self],
        defaultSubcommand: List.self
    )

    enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
    enum ShowFormat: String, ExpressibleByArgument, CaseIterable { case text, md, json }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the sessions in the store, oldest first.")

        @Option(help: "Only this group's sessions.", completion: Completions.groups) var group: String?
        @Option(help: "text or json.") var format: ListFormat = .text
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let listings: [SessionListing]
            if let store = try context.openStoreForReading() {
                var groupId: Int64?
                if let group {
                    guard let found = try store.group(named: group) else { throw CLIError.usage("no group \"\(group)\" in the store") }
                    groupId = found.id
                }
                listings = try store.sessions(groupId: groupId)
            } else {
                listings = []
            }
            switch format {
            case .json:
                let rows = listings.map { listing in
                    SessionRow(
                        id: listing.session.id ?? 0, number: listing.number, group: listing.groupName, plan: listing.session.plan,
                        title: listing.session.title,
                        status: listing.session.status.rawValue, startedAt: listing.session.startedAt, endedAt: listing.session.endedAt,
                        notes: listing.notes)
                }
                context.print(try encodeJSON(rows))
            case .text:
                guard !listings.isEmpty else {
                    context.print("No sessions yet: convene start PLAN --group NAME begins one.")
                    return
                }
                for listing in listings {
                    let s = listing.session
                    let date = CivilClock.local.day(s.startedAt)
                    let line =
                        String(format: "%4lld  ", s.id ?? 0) + "\(date)  \(s.status == .open ? "open " : "ended")  "
                        + "\(TerminalText.sanitize(listing.groupName, singleLine: true)) session \(listing.number) · \(TerminalText.sanitize(s.title, singleLine: true)) · \(Plural.count(listing.notes, "note"))"
                    context.print(line)
                }
            }
        }
    }

    struct SessionRow: Codable {
        /// The store's id (what `sessions show` and `sessions discard` take).
        var id: Int64
        /// The number within the group, as the REPL's banner says it.
        var number: Int
        var group: String
        var plan: String
        var title: String
        var status: String
        var startedAt: Date
        var endedAt: Date?
        var notes: Int
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a session's summary.")

        @Argument(help: "The session's number in its group, as its banner says it (3 with --group NAME, or NAME#3); with --id, the store's id.")
        var session: String
        @Option(help: "The session's group (default: config group; else a number only one group has).", completion: Completions.groups) var group:
            String?
        @Flag(name: .customLong("id"), help: "SESSION is the store's id, as sessions list shows it.") var byID = false
        @Option(help: "text, md or json.") var format: ShowFormat = .text
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try SessionReference.check(session, byID: byID)
            let context = AppContext(options: global)
            let library = try context.loadLibrary()
            guard let store = try context.openStoreForReading() else {
                throw CLIError.usage("no sessions yet: convene start PLAN --group NAME begins one")
            }
            let id = try SessionReference.resolve(session, group: group, byID: byID, store: store)
            let state = try context.loadState(store: store, sessionId: id)
            let summary = SessionSummary(state: state, library: library, id: id)
            switch format {
            case .md: context.print(summary.markdown())
            case .json: context.print(try summary.json())
            case .text: context.print(summary.text())
            }
        }
    }

    struct Discard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "discard",
            abstract: "Discard a session started by mistake, with everything it recorded (asks first; --yes in scripts). Ended sessions stay."
        )

        @Argument(help: "The session's number in its group, as its banner says it (3 with --group NAME, or NAME#3); with --id, the store's id.")
        var session: String
        @Option(help: "The session's group (default: config group; else a number only one group has).", completion: Completions.groups) var group:
            String?
        @Flag(name: .customLong("id"), help: "SESSION is the store's id, as sessions list shows it.") var byID = false
        @Flag(help: "Discard without asking (for scripts).") var yes = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try SessionReference.check(session, byID: byID)
            let context = AppContext(options: global)
            let store = try context.openStoreForWriting()
            let id = try SessionReference.resolve(self.session, group: group, byID: byID, store: store)
            guard let session = try store.session(id: id) else {
                throw CLIError.usage("no session \(id) in the store: convene sessions list shows them")
            }
            let named = TerminalText.sanitize(self.session, singleLine: true)
            // Checked before asking: an ended session is the group's history, whatever the answer.
            guard session.status == .open else {
                throw CLIError.usage("session \(named) has ended and stays in the group's history: only a session still open can be discarded")
            }
            let title = TerminalText.sanitize(session.title, singleLine: true)
            try Confirmation.require(
                "Discard session \(named) (\(title)) with its notes, pulses, answers, conflicts, commitments and agreements?", yes: yes,
                refusal: .usage("sessions discard \(named) removes what the session recorded for good: add --yes to confirm in a script"),
                context: context)
            try store.discardSession(id)
            try store.checkpoint()
            context.print("Discarded session \(named) (\(title)).")
        }
    }
}
