/// One command of a REPL screen: the single declaration that drives parsing (names, aliases and
/// how the arguments are read), /help, Tab completion and the did-you-mean of an unknown name, for
/// a session and the home screen.
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
    /// How the row reads what follows its name, into the command of its screen.
    public var parse: Parse

    /// A closure literal cannot say it throws only `CoreError` (what its `CommandArguments` helpers
    /// throw), so the rows' closures throw untyped and `read` gives the type back.
    public enum Parse: Sendable {
        case session(@Sendable (CommandArguments) throws -> Command)
        case home(@Sendable (CommandArguments) throws -> HomeCommand)
    }

    static func read<T>(_ parse: (CommandArguments) throws -> T, _ arguments: CommandArguments) throws(CoreError) -> T {
        do {
            return try parse(arguments)
        } catch let error as CoreError {
            throw error
        } catch {
            throw .usage("/\(arguments.name): \(error)")
        }
    }

    public init(
        _ name: String, _ arguments: String = "", _ summary: String, _ detail: String = "", aliases: [String] = [], completes: Completion = .nothing,
        session parse: @escaping @Sendable (CommandArguments) throws -> Command
    ) {
        self.init(name, arguments, summary, detail, aliases: aliases, completes: completes, parse: .session(parse))
    }

    public init(
        _ name: String, _ arguments: String = "", _ summary: String, _ detail: String = "", aliases: [String] = [], completes: Completion = .nothing,
        home parse: @escaping @Sendable (CommandArguments) throws -> HomeCommand
    ) {
        self.init(name, arguments, summary, detail, aliases: aliases, completes: completes, parse: .home(parse))
    }

    init(_ name: String, _ arguments: String, _ summary: String, _ detail: String, aliases: [String], completes: Completion, parse: Parse) {
        self.name = name
        self.arguments = arguments
        self.summary = summary
        self.detail = detail
        self.aliases = aliases
        self.completes = completes
        self.parse = parse
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
        var lines: [OutputLine] = [
            .heading(scope == .session ? "Commands (plain text is a note on the current activity)" : "Home (no session is open)")
        ]
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
        CommandSpec(
            "group", "NAME", "pick or create the group", "/group alone says which group is chosen. Tab completes the groups in the store.",
            completes: .groups, home: { .group($0.rest.isEmpty ? nil : $0.rest) }),
        CommandSpec("groups", "", "the groups in the store, with their thresholds", home: { try $0.none(.groups) }),
        CommandSpec(
            "start", "[PLAN | generated]", "start a session from a plan template or a plan file",
            "Tab completes the templates in sessions/. /start generated runs the plan /generate made.", completes: .plans,
            home: { $0.rest == "generated" ? .startGenerated : .start(plan: $0.rest.isEmpty ? nil : $0.rest) }),
        CommandSpec(
            "generate", "MIN [VALUES] [--size N]", "a plan made to fit",
            "/generate 90 inclusion,learning --size 20 builds a 90-minute plan for 20 people that covers those values, with an activity for the group's strongest signal; /start generated runs it.",
            home: HomeCommand.generate),
        CommandSpec("plans", "", "the plan templates", home: { try $0.none(.plans) }),
        CommandSpec("sessions", "", "the group's sessions", home: { try $0.none(.sessions) }),
        CommandSpec("show", "N", "one session's summary", "N is a session number from /sessions.", home: HomeCommand.show),
        CommandSpec(
            "help", "[CMD]", "this list, or one command explained", aliases: ["?"], completes: .commands,
            home: { .help($0.rest.isEmpty ? nil : $0.rest) }),
        CommandSpec("clear", "", "clear the screen (Ctrl-L too)", home: { try $0.none(.clear) }),
        CommandSpec("quit", "", "leave Convene", aliases: ["exit", "q"], home: { _ in .quit }),
    ]

    public static let all: [CommandSpec] = [
        CommandSpec(
            "help", "[CMD]", "list the commands, or explain one", "Without a name, lists every command. /help next explains /next.", aliases: ["?"],
            completes: .commands, session: { .help($0.rest.isEmpty ? nil : $0.rest) }),
        CommandSpec(
            "agenda", "", "show the plan with the current activity marked",
            "Each line shows the step number, the activity, its planned minutes and, once started, the minutes spent.",
            session: { try $0.none(.agenda) }),
        CommandSpec(
            "prep", "", "the plan's preparation sheet",
            "Materials by activity, room set-up and what to print, for the agenda as it stands (with anything added or dropped).",
            session: { try $0.none(.prep) }),
        CommandSpec(
            "next", "", "move to the next activity and show its card",
            "Shows the step's header and as much of its card as fits the screen; /card shows all of it. Time spent is counted per activity; the summary compares it with the plan.",
            aliases: ["n"], session: { try $0.none(.next) }),
        CommandSpec(
            "card", "", "the whole card of the current activity again", "Purpose, steps, what to say, debrief: everything, however long.",
            session: { try $0.none(.card) }),
        CommandSpec("back", "", "go back to the previous activity", session: { try $0.none(.back) }),
        CommandSpec(
            "goto", "N", "jump to step N of the agenda",
            "Steps are numbered as /agenda shows them, from 1. The jump is listed among the summary's changes.",
            session: { .goto(try $0.number("a step number")) }),
        CommandSpec(
            "skip", "", "skip the current activity and move on", "A skipped activity is marked as skipped in the summary.",
            session: { try $0.none(.skip) }),
        CommandSpec(
            "add", "ID [at N]", "add a library activity to the plan",
            "Adds after the current step, or at step N. /find WORDS helps find the id; Tab completes it.", completes: .activities,
            session: CommandParser.add),
        CommandSpec(
            "drop", "N", "drop step N from the plan", "The current step cannot be dropped: move on first. Drops are listed in the summary.",
            session: { .drop(try $0.number("a step number")) }),
        CommandSpec(
            "timer", "[MIN | +MIN | pause | resume]", "the countdown for this activity",
            "Every activity starts a countdown of its planned minutes, shown in the prompt. /timer 10 restarts it at 10 minutes, /timer +5 adds five, /timer pause and /timer resume stop and restart it. A bell and a notice mark the end.",
            completes: .words(["pause", "resume"]), session: { .timer(try CommandParser.timer($0.rest)) }),
        CommandSpec(
            "note", "TEXT", "add a note to the current activity",
            "Any line that does not start with / is a note too, except a command word alone (next, undo, goto 3): that asks whether you meant the command, and /note next notes the word. Notes are saved before Convene answers.",
            session: { .note(try $0.required("the text of the note")) }),
        CommandSpec(
            "notes", "", "this session's notes, numbered", "The numbers stay when a note is deleted: /edit N and /delete N use them.",
            session: { try $0.none(.notes) }),
        CommandSpec(
            "edit", "N TEXT", "replace the text of note N", "N is the number /notes shows: /edit 3 the room asked for a break",
            session: CommandParser.edit),
        CommandSpec(
            "delete", "N", "delete note N",
            "N is the number /notes shows. The summary names the deleted note but does not show it; the session's event log keeps it, as it keeps every step.",
            session: { .delete(try $0.number("a note number")) }),
        CommandSpec(
            "undo", "", "take back the last note, turn, conflict, commitment or agreement",
            "Also a /resolve, /done or /retire. Each /undo goes one further back, within this session; the log keeps what was undone and the summary names it (never its text).",
            session: { try $0.none(.undo) }),
        CommandSpec(
            "show", "ID", "show a library card", "Shows the whole card of an activity or pulse question: /show things-i-suck-at.",
            completes: .activities, session: { .show(try $0.required("an activity id")) }),
        CommandSpec(
            "find", "WORDS", "search the library", "Lists the activities whose title, purpose or text match the words, best first.",
            session: { .find(try $0.required("words to search for")) }),
        CommandSpec(
            "conflict", "TEXT", "record a conflict surfaced in the room",
            "Conflicts belong to the group: they are listed at the start of every session until /resolve.",
            session: { .conflict(try $0.required("a description of the conflict")) }),
        CommandSpec("conflicts", "", "the group's open conflicts, with their age in sessions", session: { try $0.none(.conflicts) }),
        CommandSpec(
            "resolve", "N [TEXT]", "mark conflict N resolved, with how", "/resolve 2 agreed to rotate the fiscal sponsor role",
            session: CommandParser.resolve),
        CommandSpec(
            "commit", "OWNER: ACTION [by DATE]", "record a commitment",
            "DATE is YYYY-MM-DD, +3d, +2w or next-session. Open commitments are reviewed at the start of later sessions: /commit Ana (Eastside Tenants): share the survey draft by +2w",
            session: { try CommandParser.commit(try $0.required("an owner and an action")) }),
        CommandSpec("commitments", "", "the group's open commitments, due and overdue first", session: { try $0.none(.commitments) }),
        CommandSpec("done", "N", "mark commitment N done", session: { .done(try $0.number("a commitment number")) }),
        CommandSpec(
            "agree", "TEXT", "add a working agreement", "Working agreements are the group's shared norms, shown at the start of every session.",
            session: { .agree(try $0.required("the text of the agreement")) }),
        CommandSpec("agreements", "", "the group's working agreements", session: { try $0.none(.agreements) }),
        CommandSpec(
            "carried", "", "what the group carries: agreements, open conflicts, commitments",
            "The same list the session opened with, as it stands now (due and overdue commitments first).", session: { try $0.none(.carried) }),
        CommandSpec("retire", "N", "retire working agreement N", session: { .retire(try $0.number("an agreement number")) }),
        CommandSpec(
            "item", "", "the group's agenda item now: its purpose, lead, minutes and how it is decided",
            "The plan's own items ({item: …, purpose: decide, method: gradients}) carry the meeting's business; /agenda lists them among the activities.",
            session: { try $0.none(.item) }),
        CommandSpec(
            "add-item", "TITLE: PURPOSE MINUTES [METHOD]", "add one of the group's items after the current step",
            "PURPOSE is inform, discuss or decide; METHOD (for decide) is gradients, fist-to-five, consent, majority or dot-vote: /add-item Resident stipend policy: decide 15 consent",
            session: { .addItem(try BusinessItem.parse(argument: try $0.required("an item"), as: "/add-item")) }),
        CommandSpec(
            "propose", "TEXT", "state what the room is deciding",
            "One proposal at a time, decided by the current item's method (or the group's rule). /decide takes the room's stance; /decided or /deferred records the outcome.",
            session: { .propose(try $0.required("the proposal in words")) }),
        CommandSpec(
            "decide", "[METHOD [A,B,C]]", "take the room's stance on the proposal",
            "Anonymous by default, like a pulse: phones and /pass, results only after /close and only from k stances. A group that decides on the record takes stances with /stance. Says first when the quorum is not met. Methods: gradients (8 levels, wholehearted endorsement … block), fist-to-five, consent, majority, dot-vote A,B,C (one dot each).",
            session: { try CommandParser.decide($0.rest) }),
        CommandSpec(
            "stance", "LABEL LEVEL", "a seat's stance, on the record",
            "Only for groups whose charter puts decisions on the record (convene groups set NAME --decisions on-record). LEVEL is the level's number or its name: /stance \"United Way\" 6",
            completes: .labels, session: { try CommandParser.stance(try $0.required("a seat and a level")) }),
        CommandSpec(
            "decided", "TEXT [review DATE]", "record the decision, its support and who was present",
            "The record keeps the method, the support (only when the stance round can be shown), the verdict under the group's rule, who was present by seat category and the quorum. review +3m (or +6w, or YYYY-MM-DD) carries it to the opening of a later session.",
            session: { try CommandParser.decided(try $0.required("the decision in words")) }),
        CommandSpec(
            "deferred", "TEXT", "record that the proposal waits, and why", session: { .deferred(try $0.required("why it waits")) }),
        CommandSpec("decisions", "", "the group's recent decisions, and those due for review", session: { try $0.none(.decisions) }),
        CommandSpec("clear", "", "clear the screen (Ctrl-L too); the session goes on", session: { try $0.none(.clear) }),
        CommandSpec(
            "spoke", "LABEL", "tally a speaking turn",
            "Labels are whatever you choose: names, organizations or seats. Tab completes labels used before in this group.", completes: .labels,
            session: { .spoke(CommandParser.unquoted(try $0.required("a label (a name, an organization or a seat)"))) }),
        CommandSpec(
            "relabel", "OLD NEW", "fix or merge a label across this session's turns and commitments",
            "A mistyped label (/spoke Sch) becomes the right one: OLD's turns join NEW's and the commitments this session made under OLD become NEW's, so the airtime, the voice gap and the summary count one seat. /undo takes it back. Labels of several words go in quotes: /relabel Sch \"School District\".",
            completes: .labels, session: { try CommandParser.relabel(try $0.required("the label to fix and the right one")) }),
        CommandSpec(
            "airtime", "", "turns and shares per label and per seat category, with the Gini coefficient",
            "Each category's share of the turns stands beside its share of the seats present (from /present by category or /here).",
            session: { try $0.none(.airtime) }),
        CommandSpec(
            "present", "N | CATEGORY=N ...", "record the headcount, in all or by seat category",
            "k counts people, not phones: a pulse takes at most N answers, at most N phones can join the page, and every result says how many answered of how many present. /present resident=4 grassroots=3 nonprofit=4 counts by category (the total is their sum).",
            session: CommandParser.present),
        CommandSpec(
            "seat", "LABEL CATEGORY [ORGANIZATION]", "put a seat on the group's roster, or change its category",
            "A seat is a person, an organization or a seat number, as the room already names it. Categories: the group's (by default resident, grassroots, nonprofit, public, funder, business). A label of several words goes in quotes: /seat \"United Way\" funder.",
            completes: .labels, session: CommandParser.seat),
        CommandSpec("roster", "", "the group's seats by category", session: { try $0.none(.roster) }),
        CommandSpec(
            "here", "LABEL...", "the headcount from the roster: the seats in the room",
            "Labels of several words go in quotes: /here \"United Way\" Eastside \"Parent 3\".", completes: .labels,
            session: { .here(try CommandParser.labels(try $0.required("the labels of the seats in the room"))) }),
        CommandSpec(
            "checkin", "", "open the check-in pulse",
            "Opens an anonymous pulse with the library's check-in question (or the current agenda item's, if it is a pulse).",
            session: { try $0.none(.pulse(.checkin)) }),
        CommandSpec("checkout", "", "open the check-out pulse (was this worth your time?)", session: { try $0.none(.pulse(.checkout)) }),
        CommandSpec(
            "pulse", "[ID | \"TEXT\" --scale 1-5|--traffic|--words|--text] [--by category | --by \"QUESTION\" A,B,C]", "open an anonymous pulse",
            "With no argument, the current agenda item's question. An id asks a library question; quoted text asks your own. --by category asks each participant's seat category first (or \"prefer not to say\"); --by \"QUESTION\" A,B,C asks your own segment question, its options fixed for the group from then on (--by \"QUESTION\" alone asks it again). Results by segment show only segments of at least k answers, and hide any segment that could be worked out from the others; a question shown by one division of the room is never shown by another.",
            completes: .pulses, session: CommandParser.openPulse),
        CommandSpec(
            "pass", "", "pass-the-keyboard round for the open pulse",
            "You choose a close word first. Each participant then sees only the question; nothing typed in the round is shown as it is typed, and after Enter the screen shows only \"saved\" and is cleared with its scrollback. Only your close word ends the round, typed at any prompt of it (an answer, a segment choice, the next person's Enter). Forgot it? Type /pass twice at the answer prompt, then yes. Ctrl-C and Ctrl-D never end it.",
            session: { try $0.none(.pass) }),
        CommandSpec(
            "web", "[on [ADDRESS[:PORT]] | off | code]", "serve the participants' page for phones",
            "Prints the join URL, the 6-digit code and a QR code. Phones answer the open pulse there, anonymously; the prompt shows how many answered. /web alone shows the code again; /web code makes a new code (phones already in stay in). Without an address the page is served on every network of this laptop, so it can be tried at 127.0.0.1 too.",
            completes: .words(["on", "off", "code"]), session: CommandParser.web),
        CommandSpec(
            "close", "[--force]", "close the open pulse",
            "A closed pulse never reopens: asking again makes a new pulse. Results appear only after closing, and only from the group's threshold of answers. Below the threshold a terminal asks first (closing then keeps only the count); --force does not ask. A script is not asked: its /close closes, and the reply says only the count is kept.",
            session: CommandParser.close),
        CommandSpec(
            "results", "[N]", "results of the last pulse (so far, while it is open), or of pulse N",
            session: { .results($0.rest.isEmpty ? nil : try $0.number(in: $0.rest, "a pulse number")) }),
        CommandSpec(
            "signals", "", "the group's signals, with evidence and activities to try",
            "Computed over the group's sessions, only from pulses that met the threshold. Each signal fires only when a test shows its change at p < 0.05 (a false alarm at most 1 time in 20 on noise); with fewer answers, turns or sessions than its test needs it says too few to tell, with the number it has and needs. "
                + Signal.Severity.legend.joined(separator: " "),
            session: { try $0.none(.signals) }),
        CommandSpec(
            "trends", "", "the group's trends as sparklines",
            "One mark per session on a fixed scale (1–5 for means, 0–100% for shares, 0 to the group's largest for counts); · marks a session below the threshold. The scorecard calls a trend up or down, better or worse, only when a test shows it.",
            session: { try $0.none(.trends) }),
        CommandSpec(
            "end", "[--out FILE]", "end the session and print its summary",
            "The summary is kept: convene sessions show ID prints it again. --out also writes it to a Markdown file. A pulse still open is closed first (at a terminal you are asked), so its answers keep no order of answering.",
            session: CommandParser.end),
        CommandSpec(
            "quit", "", "leave; the session stays resumable",
            "Nothing is lost: convene resume (or convene) reopens it where you left off. Ctrl-D on an empty line does the same.",
            aliases: ["exit", "q"], session: { try $0.none(.quit) }),
    ]

}
