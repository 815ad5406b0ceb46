import ArgumentParser
import ConveneCore
import ConveneSession
import ConveneStore
import ConveneTerminal
import ConveneWeb
import Foundation

/// What a command needs, opened once: the library, the store, the terminal and the output.
final class AppContext: @unchecked Sendable {
    let options: GlobalOptions
    let output: OutputSink
    let terminal: TerminalInfo
    let styler: Styler
    private(set) var library = Library()
    private var storeLock: StoreLock?

    init(options: GlobalOptions, output: OutputSink = StandardOutput()) {
        self.options = options
        self.output = output
        terminal = TerminalInfo.current(noColorFlag: options.noColor, choice: options.configuration.colour(noColorFlag: options.noColor))
        styler = Styler(colour: terminal.colour, width: terminal.width, height: terminal.outputIsTerminal ? terminal.height : .max)
    }

    /// Loads the shipped library and the facilitator's own on top of it.
    func loadLibrary() throws -> Library {
        let sources = try LibraryLoad.sources(ownLibrary: options.ownLibrary)
        library = try LibraryLoad.early(matching: sources)?.wait() ?? LibraryCache.load(sources, cacheFolder: LibraryLoad.cacheFolder)
        return library
    }

    /// Opens the store (`body`) while the library loads on another thread: the two together are
    /// most of the time to prompt, and the machine has more than one core.
    func withLibraryLoading<T>(_ body: () throws -> T) throws -> T {
        let sources = try LibraryLoad.sources(ownLibrary: options.ownLibrary)
        let load = LibraryLoad.early(matching: sources) ?? LibraryLoad(sources: sources, cacheFolder: LibraryLoad.cacheFolder)
        let value = try body()
        library = try load.wait()
        return value
    }

    /// Opens the store for writing: one process at a time.
    func openStoreForWriting() throws -> AppDatabase {
        let path = try checkedStorePath()
        if options.storeChoice.source == .builtIn {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        }
        storeLock = try StoreLock(storePath: path)
        let store = try AppDatabase.open(path: path)
        forgetAnsweringOrder(store)
        return store
    }

    /// The store's path, refused when it was given (flag, environment or config file) in a folder
    /// that does not exist: most likely a typo, which would otherwise start an empty store.
    func checkedStorePath() throws -> String {
        let choice = options.storeChoice
        let folder = (choice.text as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if choice.source != .builtIn, !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw CLIError.usage("store \(choice.text) (from \(choice.source)): there is no folder \(folder)")
        }
        return choice.text
    }

    /// Opens the store to read; a missing store is an empty one, not an error. When no other
    /// convene holds the store, a crash may have left a pulse open: it is put in key order first,
    /// before this process's last connection would copy the log into the file in answering order.
    func openStoreForReading() throws -> AppDatabase? {
        let path = try checkedStorePath()
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let lock = try? StoreLock(storePath: path)
        let store = try AppDatabase.open(path: path)
        if lock != nil { forgetAnsweringOrder(store) }
        return store
    }

    /// After a crash: the answers of pulses left open are written again in key order and the log is
    /// emptied. A failure is said on stderr (the next open tries again), never ignored.
    func forgetAnsweringOrder(_ store: AppDatabase) {
        do {
            try store.forgetAnsweringOrder()
        } catch {
            output.writeError(styler.paint("convene: \(TerminalText.sanitize(error.description, singleLine: true))", .warning) + "\n")
        }
    }

    func show(_ lines: [OutputLine]) { output.write(styler.render(lines)) }

    /// What a group carries into its next session, as the home screen shows it.
    func carriedLines(store: AppDatabase, group: GroupRecord) throws -> [OutputLine] {
        try HomeScreen.carriedLines(store: store, library: library, group: group, now: Date())
    }

    func print(_ text: String) {
        // A long text (70 MB of network JSON) is not copied just to add its newline.
        if text.hasSuffix("\n") {
            output.write(text)
        } else if text.utf8.count < 1 << 16 {
            output.write(text + "\n")
        } else {
            output.write(text)
            output.write("\n")
        }
    }

    /// One line about library files that were skipped, so a broken card never goes unnoticed.
    func reportLibraryProblems() {
        let problems = library.problems
        guard let first = problems.first else { return }
        let more = problems.count > 1 ? " (and \(problems.count - 1) more: convene activities lint)" : ""
        output.writeError(styler.paint("convene: skipped \(TerminalText.sanitize(first.description, singleLine: true))\(more)", .warning) + "\n")
    }

    /// Rebuilds a session from its events, its group's context and its anonymous answers.
    func loadState(store: AppDatabase, sessionId: Int64) throws -> SessionState {
        try LiveSession.load(store: store, sessionID: sessionId)
    }

    /// The participants' page for this session: started by /web on, stopped at the end.
    func webHooks(live: LiveSession) -> SessionRunner.WebHooks {
        let bind = options.configuration.value(.web)?.text
        let web = WebController(live: live, width: terminal.outputIsTerminal ? terminal.width : 200, defaultBind: bind, returnMemory: Memory.trim)
        return SessionRunner.WebHooks(
            perform: { action in try web.perform(action) },
            notices: { web.notices() },
            isRunning: { web.isRunning },
            ended: { web.sessionEnded() },
            leave: { web.leave() }
        )
    }

    /// What Tab offers for a label: the roster's seats first, then labels spoken before, once each.
    static func completionLabels(_ state: SessionState) -> [String] {
        var seen = Set<String>()
        return (state.context.roster.map(\.label) + state.context.labels).filter { seen.insert(Seat.key($0)).inserted }
    }

    /// Runs the REPL on a session until it ends or the facilitator leaves. `piped`: the reader of a
    /// script already being read (the home screen's), so the session goes on with its next lines.
    func runSession(_ live: LiveSession, opening: [OutputLine], piped: LineReading? = nil) -> ReplLoop.Outcome {
        let state = live.state
        let reader: LineReading
        if terminal.inputIsTerminal {
            var values: [CommandSpec.Completion: [String]] = [
                .activities: library.sortedActivities.map(\.id),
                .pulses: library.sortedActivities.filter(\.isPulse).map(\.id),
                .labels: Self.completionLabels(state),
            ]
            let editor = LineEditor(completer: Completer(scope: .session, values: values), historyPath: HistoryFile.path(), output: output)
            // Labels spoken in this session join the completion list as they are used.
            editor.completionUpdate = {
                values[.labels] = Self.completionLabels(live.state)
                return Completer(scope: .session, values: values)
            }
            reader = editor
        } else {
            reader = piped ?? PipedLineReader()
        }
        let runner = SessionRunner(
            live: live, web: webHooks(live: live), reader: reader, output: output, styler: styler, interactive: terminal.inputIsTerminal)
        runner.followsTerminal = terminal.outputIsTerminal
        if terminal.inputIsTerminal { reportLibraryProblems() }
        // Loading left freed heap behind (the library cache's JSON, replayed events): give it back
        // before the long wait at the prompt.
        Memory.trim()
        runner.showFirstScreen(opening)
        return runner.run()
    }
}
