import ArgumentParser
import ConveneCore
import ConveneStore
import Foundation

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Reopen the session that was interrupted, rebuilt from its stored events."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let store = try context.withLibraryLoading { try context.openStoreForWriting() }
        guard let open = try store.openSessions().first else {
            throw CLIError.usage("no session to resume: convene start PLAN begins one")
        }
        try Self.resume(open, store: store, context: context)
    }

    static func resume(_ listing: SessionListing, store: AppDatabase, context: AppContext) throws {
        let id = listing.session.id!
        let state = try context.loadState(store: store, sessionId: id)
        let step = Facilitator(library: context.library).resume(state, at: Date())
        try store.append(step.events, to: id)
        try context.runSession(store: store, sessionId: id, state: step.state, opening: step.output)
    }
}
