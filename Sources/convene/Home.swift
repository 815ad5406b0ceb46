import ArgumentParser
import ConveneCore
import ConveneStore
import ConveneTerminal
import Foundation

/// The REPL home, when no session is open: pick a plan and a group, start, or look back.
struct Home {
    let context: AppContext
    let store: AppDatabase

    static let commands = ["start", "plans", "groups", "sessions", "help", "quit"]

    func run() throws {
        let interactive = context.terminal.inputIsTerminal
        let reader: LineReading = interactive
            ? LineEditor(completer: Completer(commands: Self.commands, arguments: ["start": context.library.plans.keys.sorted()]), historyPath: HistoryFile.path(), output: context.output)
            : PipedLineReader()
        if interactive {
            context.reportLibraryProblems()
            context.show(overview())
        }
        while true {
            switch reader.readLine(prompt: "convene> ") {
            case .endOfInput:
                return
            case .interrupted:
                continue
            case .invalid(let message):
                try fail(message, interactive: interactive)
            case .line(let raw):
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty { continue }
                var words = line.split(separator: " ").map(String.init)
                let name = words.removeFirst().lowercased()
                switch name {
                case "/start", "start":
                    var group: String?
                    if let index = words.firstIndex(of: "--group") {
                        guard index + 1 < words.count else { try fail("--group needs a name", interactive: interactive); continue }
                        group = words[(index + 1)...].joined(separator: " ")
                        words.removeSubrange(index...)
                    }
                    do {
                        let plan = try StartCommand.resolvePlan(words.first ?? "monthly-steering", library: context.library, context: context)
                        try StartCommand.start(plan, groupName: group, store: store, context: context)
                        return
                    } catch let error as CLIError {
                        try fail(error.message, interactive: interactive)
                    }
                case "/plans", "plans":
                    context.show(plans())
                case "/groups", "groups":
                    let groups = try store.groups()
                    context.show(groups.isEmpty ? [.dim("No groups yet: /start PLAN --group NAME creates one.")] : groups.map { OutputLine("  \(TerminalText.sanitize($0.name, singleLine: true)) (threshold \($0.threshold))") })
                case "/sessions", "sessions":
                    let sessions = try store.sessions(groupId: nil).suffix(15)
                    context.show(sessions.isEmpty ? [.dim("No sessions yet.")] : sessions.map { OutputLine(String(format: "  %4lld  ", $0.session.id ?? 0) + "\(TerminalText.sanitize($0.groupName, singleLine: true)) · \(TerminalText.sanitize($0.session.title, singleLine: true)) · \($0.session.status.rawValue)") })
                case "/help", "help", "/?":
                    context.show(overview())
                case "/quit", "quit", "/exit", "exit", "/q":
                    return
                default:
                    try fail("unknown command \(TerminalText.sanitize(name, singleLine: true)): /start PLAN [--group NAME], /plans, /groups, /sessions, /quit", interactive: interactive)
                }
            }
        }
    }

    func fail(_ message: String, interactive: Bool) throws {
        context.output.writeError(context.styler.paint("convene: \(TerminalText.sanitize(message, singleLine: true))", .error) + "\n")
        if !interactive { throw ExitCode(2) }
    }

    func overview() -> [OutputLine] {
        [
            .heading("Convene"),
            OutputLine("No session is open. /start PLAN [--group NAME] begins one; Tab completes plan names."),
            .dim("/plans lists the plan templates · /groups the groups · /sessions past sessions · /quit leaves"),
        ]
    }

    func plans() -> [OutputLine] {
        context.library.plans.values.sorted { $0.name < $1.name }.map { plan in
            OutputLine("  \(plan.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(TerminalText.sanitize(plan.title, singleLine: true)) · \(plan.minutes) min", wraps: false)
        }
    }
}
