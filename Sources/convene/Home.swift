import ArgumentParser
import ConveneCore
import ConveneStore
import ConveneTerminal
import Foundation

/// The REPL home, when no session is open: pick or create a group, start a session from a plan
/// template (or a plan file), look at the group's sessions.
final class Home {
    let context: AppContext
    let store: AppDatabase
    var group: GroupRecord?
    var generated: Plan?

    init(context: AppContext, store: AppDatabase) {
        self.context = context
        self.store = store
    }

    var prompt: String {
        group.map { "convene[\(TerminalText.sanitize($0.name, singleLine: true))]> " } ?? "convene> "
    }

    func run() throws {
        let interactive = context.terminal.inputIsTerminal
        let reader: LineReading
        if interactive {
            let plans = context.library.plans.keys.sorted()
            let editor = LineEditor(completer: Completer(scope: .home, values: [.plans: plans]), historyPath: HistoryFile.path(), output: context.output)
            // Group names as they are at each Tab, so a group made by /group completes too.
            editor.completionUpdate = { [store] in
                Completer(scope: .home, values: [.plans: plans, .groups: (try? store.groups().map(\.name)) ?? []])
            }
            reader = editor
        } else {
            reader = PipedLineReader()
        }
        // The config file's group when the store has it, else the one met most recently.
        group = try GroupChoice.named(nil).flatMap { try store.group(named: $0.text) } ?? store.latestGroup()
        if interactive {
            context.reportLibraryProblems()
            context.show(overview())
        }
        // The same loop as a session's, with the same table of commands, /help CMD and did-you-mean.
        let outcome = try ReplLoop.run(
            reader: reader, interactive: interactive, prompt: { prompt }, fail: { self.report($0) }, atEnd: {},
            handle: { line in try self.handle(line, interactive: interactive) }
        )
        let code = ExitStatus.code(for: outcome)
        if code != ExitStatus.ok { throw ExitCode(code) }
    }

    /// One line of the home screen: nil to go on, or how the home ends. A session it starts runs
    /// to its own end; its exit code (an ExitCode) passes through.
    func handle(_ raw: String, interactive: Bool) throws -> ReplLoop.Outcome? {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.isEmpty { return nil }
        let name = String(line.prefix { !$0.isWhitespace })
        let rest = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        do {
            // The slash is optional here: nothing typed at home is a note.
            guard let spec = CommandSpec.named(name, in: .home) else { throw CommandSpec.unknown(name.hasPrefix("/") ? String(name.dropFirst()) : name, in: .home) }
            return try perform(spec.name, rest) ? .done : nil
        } catch let error as ExitCode {
            throw error
        } catch {
            report(error is CLIError ? (error as! CLIError).message : "\(error)")
            guard !interactive else { return nil }
            return ExitStatus.code(for: error) == ExitStatus.failure ? .storeFailed : .badInput
        }
    }

    func report(_ message: String) {
        context.output.writeError(context.styler.paint("convene: \(TerminalText.sanitize(message, singleLine: true))", .error) + "\n")
    }

    /// Returns true when the home is done (a session ran, or the facilitator left).
    func perform(_ command: String, _ rest: String) throws -> Bool {
        switch command {
        case "group":
            guard !rest.isEmpty else {
                context.show([OutputLine(group.map { "Current group: \(TerminalText.sanitize($0.name, singleLine: true))." } ?? "No group chosen: /group NAME picks or creates one.")])
                return false
            }
            let existing = try store.group(named: rest)
            // A name close to an existing group's asks first, as `convene start --group` does.
            group = try existing ?? GroupChoice.findOrCreate(rest, newGroup: false, store: store, context: context)
            let created = existing == nil && group?.name.caseInsensitiveCompare(rest) == .orderedSame
            context.show([OutputLine(created ? "Created the group \(TerminalText.sanitize(rest, singleLine: true))." : "Group: \(TerminalText.sanitize(group!.name, singleLine: true)).", .success)])
            if let group { context.show(try context.carriedLines(store: store, group: group)) }
        case "groups":
            let groups = try store.groups()
            context.show(groups.isEmpty ? [.dim("No groups yet: /group NAME creates one.")] : groups.map { OutputLine("  \(TerminalText.sanitize($0.name, singleLine: true)) (threshold \($0.threshold))") })
        case "generate":
            var words = rest.split(separator: " ").map(String.init)
            var size: Int?
            if let flag = words.firstIndex(of: "--size") {
                guard flag + 1 < words.count, let number = Int(words[flag + 1]), number >= 1 else { throw CLIError.usage("--size needs a number of people: /generate 90 --size 20") }
                size = number
                words.removeSubrange(flag...(flag + 1))
            }
            guard let minutes = words.first.flatMap(Int.init), words.count <= 2 else { throw CLIError.usage("/generate needs minutes and optionally values and a size: /generate 90 inclusion,learning --size 20") }
            var values: [CollaborativeValue] = []
            for word in (words.count > 1 ? words[1] : "").split(separator: ",") {
                guard let value = CollaborativeValue(rawValue: String(word)) else { throw CLIError.usage("unknown value \"\(word)\" (known: \(CollaborativeValue.allCases.map(\.rawValue).joined(separator: ", ")))") }
                values.append(value)
            }
            let id = group?.id
            let recent = try id.map { try store.recentActivityIDs(groupId: $0) } ?? []
            let signals = try id.map { SignalDetector(library: context.library).signals(try store.history(groupId: $0)) } ?? []
            do {
                var plan = try PlanGenerator(library: context.library).generate(.init(minutes: minutes, focus: values, groupSize: size, seed: UInt64(Date().timeIntervalSince1970), recent: recent, signals: signals))
                plan.name = "generated"
                generated = plan
                context.show([.heading(plan.title)] + plan.agenda.enumerated().map { index, item in
                    OutputLine("  \(index + 1). \(TerminalText.sanitize(context.library[item.id]?.title ?? item.id, singleLine: true)) · \(context.library.minutes(of: item, size: size)) min", hang: 5)
                } + (plan.notes.map { [.dim(TerminalText.sanitize($0, singleLine: true))] } ?? []) + [.dim("/start generated runs it; /generate again for another.")])
            } catch {
                throw CLIError.usage(error.description)
            }
        case "start":
            if rest == "generated" {
                guard let plan = generated else { throw CLIError.usage("nothing generated yet: /generate MINUTES [VALUES] first") }
                try StartCommand.start(plan, groupName: group?.name, store: store, context: context)
                return true
            }
            let plan = try StartCommand.resolvePlan(rest.isEmpty ? "monthly-steering" : rest, library: context.library, context: context)
            try StartCommand.start(plan, groupName: group?.name, store: store, context: context)
            return true
        case "plans":
            context.show(plans())
        case "sessions":
            // Numbered within the group, as the banner numbers them ("session 3"); /show N takes that number.
            let sessions = try store.sessions(groupId: group?.id).suffix(15)
            context.show(sessions.isEmpty ? [.dim("No sessions yet.")] : sessions.map { listing in
                let date = CivilClock.local.day(listing.session.startedAt)
                return OutputLine(String(format: "  %4d  ", listing.number) + "\(date)  \(TerminalText.sanitize(listing.groupName, singleLine: true)) · \(TerminalText.sanitize(listing.session.title, singleLine: true)) · \(listing.session.status.rawValue)", hang: 20)
            })
        case "show":
            guard let group, let groupId = group.id else { throw CLIError.usage("/show N shows session N of the current group: /group NAME picks one first") }
            guard let number = Int(rest) else { throw CLIError.usage("/show needs a session number from /sessions") }
            let shown = TerminalText.sanitize(group.name, singleLine: true)
            guard let id = try store.sessions(groupId: groupId).first(where: { $0.number == number })?.session.id else {
                throw CLIError.usage("\(shown) has no session \(number): /sessions lists them")
            }
            let state = try context.loadState(store: store, sessionId: id)
            context.print(SessionSummary(state: state, library: context.library, id: id).text())
        case "help":
            context.show(rest.isEmpty ? overview() : CommandSpec.helpLines(rest, in: .home))
        case "quit":
            return true
        default:
            throw CommandSpec.unknown(command, in: .home)
        }
        return false
    }

    func overview() -> [OutputLine] {
        [
            .heading("Convene"),
            OutputLine("No session is open. \(group.map { "Group: \(TerminalText.sanitize($0.name, singleLine: true))." } ?? "No group chosen yet.")"),
        ] + CommandSpec.helpLines(nil, in: .home).dropFirst() + [
            .dim("convene plan --minutes 90 --focus inclusion --out today.yaml generates a plan; /start today.yaml runs it."),
        ]
    }

    func plans() -> [OutputLine] {
        context.library.plans.values.sorted { $0.name < $1.name }.map { plan in
            OutputLine("  \(plan.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(TerminalText.sanitize(plan.title, singleLine: true)) · \(plan.minutes) min", hang: 27)
        }
    }
}
