import ArgumentParser
import ConveneCore
import ConveneSession
import ConveneStore
import ConveneTerminal
import Foundation

struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a session from a plan and open the REPL.",
        discussion: "PLAN is a template name from sessions/ (convene plans lists them) or a path to a plan file."
    )

    @Argument(help: "A plan template name or a path to a .yaml plan (default: monthly-steering).", completion: Completions.plans)
    var plan: String?

    @Option(
        name: .long, help: "The group this session belongs to; created when new (default: config group, else the group met most recently).",
        completion: Completions.groups)
    var group: String?

    @Flag(help: "Create --group as a new group even when its name is close to an existing one's.")
    var newGroup = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let store = try context.withLibraryLoading { try context.openStoreForWriting() }
        let chosen = try Self.resolvePlan(plan ?? "monthly-steering", library: context.library, context: context)
        if let open = try store.openSessions().first {
            throw CLIError.usage(
                "session \(open.session.id ?? 0) (\(open.session.title), \(open.groupName)) is still open: convene resume continues it, /end in it closes it"
            )
        }
        try ExitStatus.check(try Self.start(chosen, groupName: GroupChoice.named(group)?.text, newGroup: newGroup, store: store, context: context))
    }

    static func resolvePlan(_ name: String, library: Library, context: AppContext) throws -> Plan {
        let looksLikePath = name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
        if looksLikePath {
            let path = GlobalOptions.absolute(name)
            guard FileManager.default.fileExists(atPath: path) else { throw CLIError.usage("no plan file \(name)") }
            let file = try LibraryFolder.file(at: path, display: name, layer: .own)
            let result = PlanParser.parse(file: name, text: file.text)
            if let problem = result.problems.first { throw CLIError.usage(problem.description) }
            let plan = result.plan!
            if let problem = library.check(plan).first { throw CLIError.usage(problem.description) }
            return plan
        }
        guard let plan = library.plans[name] else {
            let known = library.plans.keys.sorted().joined(separator: ", ")
            throw CLIError.usage("no plan \"\(name)\" in sessions/ (known: \(known.isEmpty ? "none" : known))")
        }
        return plan
    }

    /// The group named, or the one most recently used. A store with no group yet gets its first
    /// group's name from the person at the terminal (a made-up name would end up in every summary);
    /// a script must name it. A new group takes the config file's language.
    static func chooseGroup(_ name: String?, newGroup: Bool = false, store: AppDatabase, context: AppContext, now: Date) throws -> GroupRecord {
        if let name { return try GroupChoice.findOrCreate(name, newGroup: newGroup, store: store, context: context, now: now) }
        if let group = try store.latestGroup() { return group }
        if let only = try store.groups().first { return only }
        guard context.terminal.inputIsTerminal else {
            throw CLIError.usage("the store has no group yet: name the group with --group NAME (or convene config set group NAME)")
        }
        context.output.writeError("This store has no group yet. The group's name (for example: Reading Coalition steering committee): ")
        let typed = (readLine() ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !typed.isEmpty else { throw CLIError.usage("no group named: convene start --group NAME names it") }
        return try GroupChoice.findOrCreate(typed, newGroup: newGroup, store: store, context: context, now: now)
    }

    /// Starts the session and runs its REPL; returns how the REPL ended.
    static func start(_ plan: Plan, groupName: String?, newGroup: Bool = false, store: AppDatabase, context: AppContext, piped: LineReading? = nil)
        throws -> ReplLoop.Outcome
    {
        let group = try chooseGroup(groupName, newGroup: newGroup, store: store, context: context, now: Date())
        let (live, opening) = try LiveSession.start(plan: plan, group: group, store: store, facilitator: Facilitator(library: context.library))
        return context.runSession(live, opening: opening, piped: piped)
    }
}
