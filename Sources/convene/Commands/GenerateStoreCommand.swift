import ArgumentParser
import ConveneCore
import ConveneStore
import Foundation

/// Fills a store with a large deterministic history, for `make bench`. Not shown in --help.
struct GenerateStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-store",
        abstract: "Fill the store with a deterministic synthetic history (for benchmarks).",
        shouldDisplay: false
    )

    @Option(help: "How many sessions.") var sessions: Int = 1000
    @Option(help: "Answers per pulse (two pulses a session).") var answers: Int = 25
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "The group's name.") var group: String = "Bench Collaborative"
    @OptionGroup var global: GlobalOptions

    func run() throws {
        guard sessions > 0, answers >= 0 else { throw CLIError.usage("--sessions must be positive and --answers not negative") }
        let context = AppContext(options: global)
        let library = try context.loadLibrary()
        let store = try context.openStoreForWriting()
        if try store.group(named: group) != nil { throw CLIError.usage("the group \"\(group)\" already exists in this store") }
        let record = try store.createGroup(named: group, at: Date(timeIntervalSince1970: 1_500_000_000))
        let agenda = library.plans["monthly-steering"].map { Facilitator(library: library).agenda(for: $0) } ?? []
        let history = SyntheticHistory(count: sessions, answersPerPulse: answers, seed: seed, agenda: agenda)
        for start in stride(from: 0, to: sessions, by: 250) {
            try store.importSessions(history.sessions(start..<min(sessions, start + 250), group: group), group: record)
        }
        try store.checkpoint()
        context.print("Generated \(sessions) sessions with \(sessions * answers * 2) answers in \(group).")
    }
}
