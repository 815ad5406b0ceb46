import ArgumentParser
import ConveneCore
import ConveneStore
import Foundation

struct Convene: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convene",
        abstract: "Plan and run meetings of a collaborative, with anonymous pulses and group-dynamics signals.",
        discussion: "With no command: resumes the session that was interrupted, or opens the home screen.",
        version: "0.1.0",
        subcommands: [
            StartCommand.self, ResumeCommand.self, SessionsCommand.self, ActivitiesCommand.self, GroupsCommand.self, RosterCommand.self,
            PlanCommand.self, PlansCommand.self, DecisionsCommand.self, SignalsCommand.self, TrendsCommand.self, ExportCommand.self,
            PublishCommand.self,
            NetworkCommand.self, DemoCommand.self,
            ConfigCommand.self, GenerateStoreCommand.self, BenchCommitCommand.self, ManualCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let store = try context.withLibraryLoading { try context.openStoreForWriting() }
        if let open = try store.openSessions().first {
            try ResumeCommand.resume(open, store: store, context: context)
        } else {
            try Home.run(context: context, store: store)
        }
    }
}
