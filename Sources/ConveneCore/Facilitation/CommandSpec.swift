/// One command of a REPL screen: the single declaration that drives parsing (names and aliases),
/// /help, Tab completion and the did-you-mean of an unknown name, for a session and the home screen.
public struct CommandSpec: Sendable {
    /// Which screen the command belongs to.
    public enum Scope: Sendable, Equatable {
        case session, home
    }

    /// What Tab offers after the command's name.
    public enum Completion: Sendable, Hashable {
        case nothing, activities, pulses, plans, groups, labels, commands
        case words([String])
    }

    public var name: String
    public var arguments: String
    public var summary: String
    public var detail: String
    public var aliases: [String]
    public var completes: Completion

    public init(_ name: String, _ arguments: String = "", _ summary: String, _ detail: String = "", aliases: [String] = [], completes: Completion = .nothing) {
        self.name = name
        self.arguments = arguments
        self.summary = summary
        self.detail = detail
        self.aliases = aliases
        self.completes = completes
    }

    public var usage: String { arguments.isEmpty ? "/\(name)" : "/\(name) \(arguments)" }

    public static func commands(in scope: Scope) -> [CommandSpec] { scope == .session ? all : home }

    /// The command a typed name means on this screen, by its name or an alias ("/n", "/q", "?").
    public static func named(_ name: String, in scope: Scope = .session) -> CommandSpec? {
        let bare = (name.hasPrefix("/") ? String(name.dropFirst()) : name).lowercased()
        return commands(in: scope).first { $0.name == bare || $0.aliases.contains(bare) }
    }

    /// The refusal of a name that is no command here, with the closest one if it looks like a typo.
    public static func unknown(_ name: String, in scope: Scope = .session) -> CoreError {
        let shown = TerminalText.sanitize(String(name.prefix(40)), singleLine: true)
        let close = Library.closest(to: name.lowercased(), among: commands(in: scope).map(\.name))
        let hint = close.map { " (did you mean /\($0)?)" } ?? ""
        return .usage("unknown command /\(shown)\(hint): /help lists \(scope == .session ? "the commands" : "what the home screen does")")
    }

    /// /help and /help CMD, for either screen.
    public static func helpLines(_ name: String?, in scope: Scope = .session) -> [OutputLine] {
        if let name {
            guard let spec = named(name, in: scope) else {
                return [OutputLine(unknown(name, in: scope).description, .warning)]
            }
            let aliases = spec.aliases.isEmpty ? "" : "Also: " + spec.aliases.map { $0 == "?" ? "?" : "/\($0)" }.joined(separator: ", ")
            return [.heading(spec.usage), OutputLine(spec.summary), OutputLine(spec.detail), .dim(aliases)].filter { !$0.text.isEmpty }
        }
        let specs = commands(in: scope)
        let width = min(34, specs.map(\.usage.count).max() ?? 10)
        var lines: [OutputLine] = [.heading(scope == .session ? "Commands (plain text is a note on the current activity)" : "Home (no session is open)")]
        for spec in specs {
            // A usage longer than the column takes a line of its own; the summary wraps under its column.
            if spec.usage.count > width {
                lines.append(OutputLine("  " + spec.usage, hang: 4))
                lines.append(OutputLine(String(repeating: " ", count: width + 4) + spec.summary, hang: width + 4))
            } else {
                lines.append(OutputLine("  " + spec.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + spec.summary, hang: width + 4))
            }
        }
        return lines
    }

    /// The home screen's commands, when no session is open.
    public static let home: [CommandSpec] = [
        CommandSpec("group", "NAME", "pick or create the group", "/group alone says which group is chosen. Tab completes the groups in the store.", completes: .groups),
        CommandSpec("groups", "", "the groups in the store, with their thresholds"),
        CommandSpec("start", "[PLAN | generated]", "start a session from a plan template or a plan file", "Tab completes the templates in sessions/. /start generated runs the plan /generate made.", completes: .plans),
        CommandSpec("generate", "MIN [VALUES] [--size N]", "a plan made to fit", "/generate 90 inclusion,learning --size 20 builds a 90-minute plan for 20 people that covers those values, with an activity for the group's strongest signal; /start generated runs it."),
        CommandSpec("plans", "", "the plan templates"),
        CommandSpec("sessions", "", "the group's sessions"),
        CommandSpec("show", "N", "one session's summary", "N is a session number from /sessions."),
        CommandSpec("help", "[CMD]", "this list, or one command explained", aliases: ["?"], completes: .commands),
        CommandSpec("quit", "", "leave Convene", aliases: ["exit", "q"]),
    ]

    public static let all: [CommandSpec] = [
        CommandSpec("help", "[CMD]", "list the commands, or explain one", "Without a name, lists every command. /help next explains /next.", aliases: ["?"], completes: .commands),
        CommandSpec("agenda", "", "show the plan with the current activity marked", "Each line shows the step number, the activity, its planned minutes and, once started, the minutes spent."),
        CommandSpec("prep", "", "the plan's preparation sheet", "Materials by activity, room set-up and what to print, for the agenda as it stands (with anything added or dropped)."),
        CommandSpec("next", "", "move to the next activity and show its card", "Shows the step's header and as much of its card as fits the screen; /card shows all of it. Time spent is counted per activity; the summary compares it with the plan.", aliases: ["n"]),
        CommandSpec("card", "", "the whole card of the current activity again", "Purpose, steps, what to say, debrief: everything, however long."),
        CommandSpec("back", "", "go back to the previous activity"),
        CommandSpec("goto", "N", "jump to step N of the agenda", "Steps are numbered as /agenda shows them, from 1. The jump is listed among the summary's changes."),
        CommandSpec("skip", "", "skip the current activity and move on", "A skipped activity is marked as skipped in the summary."),
        CommandSpec("add", "ID [at N]", "add a library activity to the plan", "Adds after the current step, or at step N. /find WORDS helps find the id; Tab completes it.", completes: .activities),
        CommandSpec("drop", "N", "drop step N from the plan", "The current step cannot be dropped: move on first. Drops are listed in the summary."),
        CommandSpec("timer", "[MIN | +MIN | pause | resume]", "the countdown for this activity", "Every activity starts a countdown of its planned minutes, shown in the prompt. /timer 10 restarts it at 10 minutes, /timer +5 adds five, /timer pause and /timer resume stop and restart it. A bell and a notice mark the end.", completes: .words(["pause", "resume"])),
        CommandSpec("note", "TEXT", "add a note to the current activity", "Any line that does not start with / is a note too, except a command word alone (next, undo, goto 3): that asks whether you meant the command, and /note next notes the word. Notes are saved before Convene answers."),
        CommandSpec("notes", "", "this session's notes, numbered", "The numbers stay when a note is deleted: /edit N and /delete N use them."),
        CommandSpec("edit", "N TEXT", "replace the text of note N", "N is the number /notes shows: /edit 3 the room asked for a break"),
        CommandSpec("delete", "N", "delete note N", "N is the number /notes shows. The summary names the deleted note but does not show it; the session's event log keeps it, as it keeps every step."),
        CommandSpec("undo", "", "take back the last note, turn, conflict, commitment or agreement", "Also a /resolve, /done or /retire. Each /undo goes one further back, within this session; the log keeps what was undone and the summary names it (never its text)."),
        CommandSpec("show", "ID", "show a library card", "Shows the whole card of an activity or pulse question: /show things-i-suck-at.", completes: .activities),
        CommandSpec("find", "WORDS", "search the library", "Lists the activities whose title, purpose or text match the words, best first."),
        CommandSpec("conflict", "TEXT", "record a conflict surfaced in the room", "Conflicts belong to the group: they are listed at the start of every session until /resolve."),
        CommandSpec("conflicts", "", "the group's open conflicts, with their age in sessions"),
        CommandSpec("resolve", "N [TEXT]", "mark conflict N resolved, with how", "/resolve 2 agreed to rotate the fiscal sponsor role"),
        CommandSpec("commit", "OWNER: ACTION [by DATE]", "record a commitment", "DATE is YYYY-MM-DD, +3d, +2w or next-session. Open commitments are reviewed at the start of later sessions: /commit Ana (Eastside Tenants): share the survey draft by +2w"),
        CommandSpec("commitments", "", "the group's open commitments, due and overdue first"),
        CommandSpec("done", "N", "mark commitment N done"),
        CommandSpec("agree", "TEXT", "add a working agreement", "Working agreements are the group's shared norms, shown at the start of every session."),
        CommandSpec("agreements", "", "the group's working agreements"),
        CommandSpec("carried", "", "what the group carries: agreements, open conflicts, commitments", "The same list the session opened with, as it stands now (due and overdue commitments first)."),
        CommandSpec("retire", "N", "retire working agreement N"),
        CommandSpec("spoke", "LABEL", "tally a speaking turn", "Labels are whatever you choose: names, organizations or seats. Tab completes labels used before in this group.", completes: .labels),
        CommandSpec("airtime", "", "turns and shares per label and per seat category, with the Gini coefficient", "Each category's share of the turns stands beside its share of the seats present (from /present by category or /here)."),
        CommandSpec("present", "N | CATEGORY=N ...", "record the headcount, in all or by seat category", "k counts people, not phones: a pulse takes at most N answers, at most N phones can join the page, and every result says how many answered of how many present. /present resident=4 grassroots=3 nonprofit=4 counts by category (the total is their sum)."),
        CommandSpec("seat", "LABEL CATEGORY [ORGANIZATION]", "put a seat on the group's roster, or change its category", "A seat is a person, an organization or a seat number, as the room already names it. Categories: the group's (by default resident, grassroots, nonprofit, public, funder, business). A label of several words goes in quotes: /seat \"United Way\" funder.", completes: .labels),
        CommandSpec("roster", "", "the group's seats by category"),
        CommandSpec("here", "LABEL...", "the headcount from the roster: the seats in the room", "Labels of several words go in quotes: /here \"United Way\" Eastside \"Parent 3\".", completes: .labels),
        CommandSpec("checkin", "", "open the check-in pulse", "Opens an anonymous pulse with the library's check-in question (or the current agenda item's, if it is a pulse)."),
        CommandSpec("checkout", "", "open the check-out pulse (was this worth your time?)"),
        CommandSpec("pulse", "[ID | \"TEXT\" --scale 1-5|--traffic|--words|--text] [--by category | --by \"QUESTION\" A,B,C]", "open an anonymous pulse", "With no argument, the current agenda item's question. An id asks a library question; quoted text asks your own. --by category asks each participant's seat category first (or \"prefer not to say\"); --by \"QUESTION\" A,B,C asks your own segment question. Results by segment show only segments of at least k answers, and hide any segment that could be worked out from the others.", completes: .pulses),
        CommandSpec("pass", "", "pass-the-keyboard round for the open pulse", "You choose a close word first. Each participant then sees only the question; after Enter the screen and scrollback are cleared. Only your close word ends the round."),
        CommandSpec("web", "[on [ADDRESS[:PORT]] | off | code]", "serve the participants' page for phones", "Prints the join URL, the 6-digit code and a QR code. Phones answer the open pulse there, anonymously; the prompt shows how many answered. /web alone shows the code again; /web code makes a new code (phones already in stay in). Without an address the page is served on every network of this laptop, so it can be tried at 127.0.0.1 too.", completes: .words(["on", "off", "code"])),
        CommandSpec("close", "[--force]", "close the open pulse", "A closed pulse never reopens: asking again makes a new pulse. Results appear only after closing, and only from the group's threshold of answers. Below the threshold a terminal asks first (closing then keeps only the count); --force does not ask. A script is not asked: its /close closes, and the reply says only the count is kept."),
        CommandSpec("results", "[N]", "results of the last pulse (so far, while it is open), or of pulse N"),
        CommandSpec("signals", "", "the group's signals, with evidence and activities to try", "Computed over the group's sessions, only from pulses that met the threshold."),
        CommandSpec("trends", "", "the group's trends as sparklines", "One mark per session; · marks a session below the threshold."),
        CommandSpec("end", "[--out FILE]", "end the session and print its summary", "The summary is kept: convene sessions show ID prints it again. --out also writes it to a Markdown file. A pulse still open is closed first (at a terminal you are asked), so its answers keep no order of answering."),
        CommandSpec("quit", "", "leave; the session stays resumable", "Nothing is lost: convene resume (or convene) reopens it where you left off. Ctrl-D on an empty line does the same.", aliases: ["exit", "q"]),
    ]

}
