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
        CommandSpec("goto", "N", "jump to step N of the agenda", "Steps are numbered as /agenda shows them, from 1. The jump is listed among the summary's changes."),
        CommandSpec("skip", "", "skip the current activity and move on", "A skipped activity is marked as skipped in the summary."),
        CommandSpec("add", "ID [at N]", "add a library activity to the plan", "Adds after the current step, or at step N. /find WORDS helps find the id; Tab completes it."),
        CommandSpec("drop", "N", "drop step N from the plan", "The current step cannot be dropped: move on first. Drops are listed in the summary."),
        CommandSpec("timer", "[MIN | +MIN | pause | resume]", "the countdown for this activity", "Every activity starts a countdown of its planned minutes, shown in the prompt. /timer 10 restarts it at 10 minutes, /timer +5 adds five, /timer pause and /timer resume stop and restart it. A bell and a notice mark the end."),
        CommandSpec("note", "TEXT", "add a note to the current activity", "Any line that does not start with / is a note too. Notes are saved before Convene answers."),
        CommandSpec("show", "ID", "show a library card", "Shows the whole card of an activity or pulse question: /show things-i-suck-at."),
        CommandSpec("find", "WORDS", "search the library", "Lists the activities whose title, purpose or text match the words, best first."),
        CommandSpec("conflict", "TEXT", "record a conflict surfaced in the room", "Conflicts belong to the group: they are listed at the start of every session until /resolve."),
        CommandSpec("conflicts", "", "the group's open conflicts, with their age in sessions"),
        CommandSpec("resolve", "N [TEXT]", "mark conflict N resolved, with how", "/resolve 2 agreed to rotate the fiscal sponsor role"),
        CommandSpec("commit", "OWNER: ACTION [by DATE]", "record a commitment", "DATE is YYYY-MM-DD, +3d, +2w or next-session. Open commitments are reviewed at the start of later sessions: /commit Ana (Eastside Tenants): share the survey draft by +2w"),
        CommandSpec("commitments", "", "the group's open commitments, due and overdue first"),
        CommandSpec("done", "N", "mark commitment N done"),
        CommandSpec("agree", "TEXT", "add a working agreement", "Working agreements are the group's shared norms, shown at the start of every session."),
        CommandSpec("agreements", "", "the group's working agreements"),
        CommandSpec("retire", "N", "retire working agreement N"),
        CommandSpec("spoke", "LABEL", "tally a speaking turn", "Labels are whatever you choose: names, organizations or seats. Tab completes labels used before in this group."),
        CommandSpec("airtime", "", "turns and shares per label, with the Gini coefficient"),
        CommandSpec("present", "N", "record the headcount"),
        CommandSpec("checkin", "", "open the check-in pulse", "Opens an anonymous pulse with the library's check-in question (or the current agenda item's, if it is a pulse)."),
        CommandSpec("checkout", "", "open the check-out pulse (was this worth your time?)"),
        CommandSpec("pulse", "[ID | \"TEXT\" --scale 1-5|--traffic|--words|--text]", "open an anonymous pulse", "With no argument, the current agenda item's question. An id asks a library question; quoted text asks your own."),
        CommandSpec("pass", "", "pass-the-keyboard round for the open pulse", "You choose a close word first. Each participant then sees only the question; after Enter the screen and scrollback are cleared. Only your close word ends the round."),
        CommandSpec("web", "[on [ADDRESS[:PORT]] | off]", "serve the participants' page for phones", "Prints the join URL, the 6-digit code and a QR code. Phones answer the open pulse there, anonymously; the prompt shows how many answered. /web alone shows the code again."),
        CommandSpec("close", "", "close the open pulse", "A closed pulse never reopens: asking again makes a new pulse. Results appear only after closing, and only from the group's threshold of answers."),
        CommandSpec("results", "[N]", "results of the last pulse (so far, while it is open), or of pulse N"),
        CommandSpec("signals", "", "the group's signals, with evidence and activities to try", "Computed over the group's sessions, only from pulses that met the threshold."),
        CommandSpec("trends", "", "the group's trends as sparklines", "One mark per session; · marks a session below the threshold."),
        CommandSpec("end", "[--out FILE]", "end the session and print its summary", "The summary is kept: convene sessions show ID prints it again. --out also writes it to a Markdown file."),
        CommandSpec("quit", "", "leave; the session stays resumable", "Nothing is lost: convene resume (or convene) reopens it where you left off. Ctrl-D on an empty line does the same."),
    ]

    public static func named(_ name: String) -> CommandSpec? {
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        return all.first { $0.name == bare.lowercased() }
    }
}
