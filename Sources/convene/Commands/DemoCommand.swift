import ArgumentParser
import ConveneCore
import ConveneStore
import ConveneTerminal
import Foundation

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
            context.print(
                "\(DemoStory.groupName) is already in this store (\(Plural.count(count, "session"))). Try: convene signals --group \"\(DemoStory.groupName)\""
            )
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
        context.print(
            "Try: convene signals --group \"\(DemoStory.groupName)\"   ·   convene trends --group \"\(DemoStory.groupName)\" --format html --out report.html"
        )
    }
}
