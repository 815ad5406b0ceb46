import ArgumentParser
import ConveneCore
import ConveneSession
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
        let (live, opening) = try LiveSession.resume(sessionID: listing.session.id!, store: store, facilitator: Facilitator(library: context.library))
        try ExitStatus.check(context.runSession(live, opening: opening))
    }
}
