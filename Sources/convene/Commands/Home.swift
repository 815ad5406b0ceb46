import ConveneCore
import ConveneSession
import ConveneStore
import ConveneTerminal

/// `convene` with no session open: the home screen (ConveneTerminal's `HomeScreen`) wired to this
/// program's terminal, configuration and sessions.
enum Home {
    static func run(context: AppContext, store: AppDatabase) throws {
        let interactive = context.terminal.inputIsTerminal
        let reader: LineReading
        if interactive {
            let plans = context.library.plans.keys.sorted()
            let editor = LineEditor(
                completer: Completer(scope: .home, values: [.plans: plans]), historyPath: HistoryFile.path(), output: context.output)
            // Group names as they are at each Tab, so a group made by /group completes too.
            editor.completionUpdate = {
                Completer(scope: .home, values: [.plans: plans, .groups: (try? store.groups().map(\.name)) ?? []])
            }
            reader = editor
        } else {
            reader = PipedLineReader()
        }
        // The config file's group when the store has it, else the one met most recently.
        let group = try GroupChoice.named(nil).flatMap { try store.group(named: $0.text) } ?? store.latestGroup()
        let hooks = HomeScreen.Hooks(
            findOrCreateGroup: { name in try GroupChoice.findOrCreate(name, newGroup: false, store: store, context: context) },
            resolvePlan: { name in try StartCommand.resolvePlan(name, library: context.library, context: context) },
            // A script goes on from the home into the session it starts, line after line.
            runSession: { plan, group in
                try StartCommand.start(plan, groupName: group?.name, store: store, context: context, piped: interactive ? nil : reader)
            }
        )
        if interactive { context.reportLibraryProblems() }
        let screen = HomeScreen(
            store: store, library: context.library, group: group, hooks: hooks, reader: reader, output: context.output,
            styler: context.styler, interactive: interactive)
        try ExitStatus.check(screen.run())
    }
}
