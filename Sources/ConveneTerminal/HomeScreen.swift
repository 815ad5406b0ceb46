import ConveneCore
import ConveneSession
import ConveneStore
import Foundation

/// The REPL home, when no session is open: pick or create a group, generate a plan or start a
/// session from one, look at the group's sessions. The same loop as a session's (`ReplLoop`), with
/// its commands read by their rows of `CommandSpec.home`; what needs the program around it (asking
/// about a near group name, reading a plan file, running a session) comes in as hooks.
public final class HomeScreen {
    public struct Hooks {
        /// The group of this name, or a new one (a name close to an existing group's asks first,
        /// as `convene start --group` does).
        public var findOrCreateGroup: (String) throws -> GroupRecord
        /// A plan template by name, or a plan file by path.
        public var resolvePlan: (String) throws -> Plan
        /// Starts a session of the plan for the group (nil: the default group) and runs it to its
        /// end. Throws what stopped it from starting; returns how it ended.
        public var runSession: (Plan, GroupRecord?) throws -> ReplLoop.Outcome

        public init(
            findOrCreateGroup: @escaping (String) throws -> GroupRecord, resolvePlan: @escaping (String) throws -> Plan,
            runSession: @escaping (Plan, GroupRecord?) throws -> ReplLoop.Outcome
        ) {
            self.findOrCreateGroup = findOrCreateGroup
            self.resolvePlan = resolvePlan
            self.runSession = runSession
        }
    }

    /// The template /start runs when none is named.
    public static let defaultPlan = "monthly-steering"

    let store: AppDatabase
    let library: Library
    let hooks: Hooks
    let reader: LineReading
    let output: OutputSink
    let styler: Styler
    let interactive: Bool
    let clock: () -> Date
    public private(set) var group: GroupRecord?
    /// The plan /generate made last, for /start generated.
    public private(set) var generated: Plan?
    /// How many plans /generate made: each one after the first takes the next seed, so /generate
    /// again gives another plan while the first is the one `convene plan` gives today.
    var generations = 0

    public init(
        store: AppDatabase, library: Library, group: GroupRecord?, hooks: Hooks, reader: LineReading, output: OutputSink, styler: Styler,
        interactive: Bool, clock: @escaping () -> Date = Date.init
    ) {
        self.store = store
        self.library = library
        self.group = group
        self.hooks = hooks
        self.reader = reader
        self.output = output
        self.styler = styler
        self.interactive = interactive
        self.clock = clock
    }

    public var prompt: String {
        group.map { "convene[\(TerminalText.sanitize($0.name, singleLine: true))]> " } ?? "convene> "
    }

    func show(_ lines: [OutputLine]) { output.write(styler.render(lines)) }

    func report(_ message: String) {
        output.writeError(styler.paint("convene: \(TerminalText.sanitize(message, singleLine: true))", .error) + "\n")
    }

    public func run() -> ReplLoop.Outcome {
        if interactive { show(overview()) }
        return ReplLoop.run(reader: reader, interactive: interactive, prompt: { prompt }, fail: report, atEnd: {}, handle: handle)
    }

    /// One line: nil to go on, or how the home ends. A session it starts runs to its own end, and
    /// its outcome is the home's.
    func handle(_ line: String) -> ReplLoop.Outcome? {
        do {
            guard let command = try HomeCommand.parse(line) else { return nil }
            return try perform(command)
        } catch {
            report("\(error)")
            return interactive ? nil : .failed(FailureKind(of: error))
        }
    }

    /// nil to go on; an outcome when the home is done (a session ran, or the facilitator left).
    func perform(_ command: HomeCommand) throws -> ReplLoop.Outcome? {
        switch command {
        case .group(nil):
            show([
                OutputLine(
                    group.map { "Current group: \(TerminalText.sanitize($0.name, singleLine: true))." }
                        ?? "No group chosen: /group NAME picks or creates one.")
            ])
        case .group(let name?):
            let existing = try store.group(named: name)
            let chosen = try existing ?? hooks.findOrCreateGroup(name)
            group = chosen
            let created = existing == nil && chosen.name.caseInsensitiveCompare(name) == .orderedSame
            show([
                OutputLine(
                    created
                        ? "Created the group \(TerminalText.sanitize(name, singleLine: true))."
                        : "Group: \(TerminalText.sanitize(chosen.name, singleLine: true)).", .success)
            ])
            show(try Self.carriedLines(store: store, library: library, group: chosen, now: clock()))
        case .groups:
            let groups = try store.groups()
            show(
                groups.isEmpty
                    ? [.dim("No groups yet: /group NAME creates one.")]
                    : groups.map { OutputLine("  \(TerminalText.sanitize($0.name, singleLine: true)) (threshold \($0.threshold))") })
        case .generate(var order):
            if order.seed == nil { order.seed = PlanOrder.seed(forDay: CivilClock.local.day(clock())) &+ UInt64(generations) }
            var forGroup: PlanOrder.ForGroup?
            if let group, let id = group.id {
                forGroup = .init(
                    name: group.name, recent: try store.recentActivityIDs(groupId: id),
                    signals: SignalDetector(library: library).signals(try store.history(groupId: id)))
            }
            var plan = try order.plan(library: library, day: CivilClock.local.day(clock()), group: forGroup)
            plan.name = "generated"
            generated = plan
            generations += 1
            show(plan.agendaLines(library: library, size: order.size) + [.dim("/start generated runs it; /generate again for another.")])
        case .startGenerated:
            guard let generated else { throw CoreError.usage("nothing generated yet: /generate MINUTES [VALUES] first") }
            try requireAGroup()
            return try hooks.runSession(generated, group)
        case .start(let name):
            let plan = try hooks.resolvePlan(name ?? Self.defaultPlan)
            try requireAGroup()
            return try hooks.runSession(plan, group)
        case .plans:
            show(plans())
        case .sessions:
            // Numbered within the group, as the banner numbers them ("session 3"); /show N takes that number.
            let sessions = try store.sessions(groupId: group?.id).suffix(15)
            show(
                sessions.isEmpty
                    ? [.dim("No sessions yet.")]
                    : sessions.map { listing in
                        let date = CivilClock.local.day(listing.session.startedAt)
                        return OutputLine(
                            String(format: "  %4d  ", listing.number)
                                + "\(date)  \(TerminalText.sanitize(listing.groupName, singleLine: true)) · \(TerminalText.sanitize(listing.session.title, singleLine: true)) · \(listing.session.status.rawValue)",
                            hang: 20)
                    })
        case .show(let number):
            guard let group, let groupId = group.id else {
                throw CoreError.usage("/show N shows session N of the current group: /group NAME picks one first")
            }
            let shown = TerminalText.sanitize(group.name, singleLine: true)
            guard let id = try store.sessions(groupId: groupId).first(where: { $0.number == number })?.session.id else {
                throw CoreError.usage("\(shown) has no session \(number): /sessions lists them")
            }
            let state = try LiveSession.load(store: store, sessionID: id)
            let text = SessionSummary(state: state, library: library, id: id).text()
            output.write(text.hasSuffix("\n") ? text : text + "\n")
        case .help(let name):
            show(name.map { CommandSpec.helpLines($0, in: .home) } ?? overview())
        case .clear:
            // A terminal's screen only: a script's output stays whole.
            if interactive { output.write(SessionRunner.clearScreen) }
        case .quit:
            return .done
        }
        return nil
    }

    func overview() -> [OutputLine] {
        [
            .heading("Convene"),
            OutputLine(
                "No session is open. \(group.map { "Group: \(TerminalText.sanitize($0.name, singleLine: true))." } ?? "No group chosen yet.")"),
        ] + CommandSpec.helpLines(nil, in: .home).dropFirst() + [
            .dim("convene plan --minutes 90 --focus inclusion --out today.yaml generates a plan; /start today.yaml runs it.")
        ]
    }

    /// A script at the home of an empty store must name the group first (a terminal is asked).
    func requireAGroup() throws {
        if group == nil, !interactive, try store.groups().isEmpty {
            throw CoreError.usage("the store has no group yet: /group NAME creates one, then /start")
        }
    }

    func plans() -> [OutputLine] { Self.planLines(library) }

    /// The plan templates, one line each: name, title, minutes (`/plans` and `convene plans`).
    public static func planLines(_ library: Library) -> [OutputLine] {
        library.plans.values.sorted { $0.name < $1.name }.map { plan in
            OutputLine(
                "  \(plan.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(TerminalText.sanitize(plan.title, singleLine: true)) · \(plan.minutes) min",
                hang: 27)
        }
    }

    /// What a group carries into its next session (agreements, open conflicts, commitments due),
    /// from its latest session; nothing for a group that has not met.
    public static func carriedLines(store: AppDatabase, library: Library, group: GroupRecord, now: Date) throws -> [OutputLine] {
        guard let id = group.id, let latest = try store.sessionSummary(groupId: id).latest else { return [] }
        var state = SessionState(context: try store.context(forSession: latest))
        state.group = group.name
        return Facilitator(library: library).carriedLines(state, now: now)
    }
}
