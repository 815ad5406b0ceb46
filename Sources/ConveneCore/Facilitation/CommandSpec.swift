/// What /help says about a command, and what Tab completes.
public struct CommandSpec: Sendable {
    public var name: String
    public var arguments: String
    public var summary: String
    public var detail: String

    public init(_ name: String, _ arguments: String = "", _ summary: String, _ detail: String = "") {
        self.name = name
        self.arguments = arguments
        self.summary = summary
        self.detail = detail
    }

    public var usage: String { arguments.isEmpty ? "/\(name)" : "/\(name) \(arguments)" }

    public static let all: [CommandSpec] = [
        CommandSpec("help", "[CMD]", "list the commands, or explain one", "Without a name, lists every command. /help next explains /next."),
        CommandSpec("agenda", "", "show the plan with the current activity marked", "Each line shows the step number, the activity, its planned minutes and, once started, the minutes spent."),
        CommandSpec("next", "", "move to the next activity and show its card", "Time spent is counted per activity; the summary compares it with the plan."),
        CommandSpec("back", "", "go back to the previous activity"),
        CommandSpec("goto", "N", "jump to step N of the agenda", "Steps are numbered as /agenda shows them, from 1."),
        CommandSpec("skip", "", "skip the current activity and move on", "A skipped activity is marked as skipped in the summary."),
        CommandSpec("note", "TEXT", "add a note to the current activity", "Any line that does not start with / is a note too. Notes are saved before Convene answers."),
        CommandSpec("show", "ID", "show a library card", "Shows the whole card of an activity or pulse question: /show things-i-suck-at."),
        CommandSpec("find", "WORDS", "search the library", "Lists the activities whose title, purpose or text match the words, best first."),
        CommandSpec("end", "", "end the session and print its summary", "The summary is kept: convene sessions show ID prints it again."),
        CommandSpec("quit", "", "leave; the session stays resumable", "Nothing is lost: convene resume (or convene) reopens it where you left off. Ctrl-D on an empty line does the same."),
    ]

    public static func named(_ name: String) -> CommandSpec? {
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        return all.first { $0.name == bare.lowercased() }
    }
}
