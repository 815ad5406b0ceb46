import Foundation

/// The facilitation state machine: (state, command) → (state, events, output). No I/O.
public struct Facilitator: Sendable {
    public var library: Library
    public var clock: CivilClock

    public init(library: Library, clock: CivilClock = .local) {
        self.library = library
        self.clock = clock
    }

    /// The agenda a plan starts with; unknown ids were already refused by `Library.check`.
    public func agenda(for plan: Plan) -> [AgendaItem] {
        plan.agenda.enumerated().map { index, item in
            if let business = item.business {
                return AgendaItem(key: index + 1, activityID: "", title: business.title, plannedMinutes: business.minutes, business: business)
            }
            let activity = library[item.id]
            return AgendaItem(
                key: index + 1, activityID: item.id, title: activity?.title ?? item.id,
                plannedMinutes: library.minutes(of: item), isPulse: activity?.isPulse ?? item.isPulse
            )
        }
    }

    /// The events that open a session from a plan.
    public func startEvents(plan: Plan, group: String, at now: Date) throws(CoreError) -> [SessionEvent] {
        let problems = library.check(plan)
        if let first = problems.first { throw CoreError(.library, first.description) }
        let items = agenda(for: plan)
        guard let first = items.first else { throw .refused("the plan \(plan.name) has no activities") }
        return [
            SessionEvent(at: now, .started(group: group, plan: plan.name, title: plan.title, agenda: items)),
            SessionEvent(at: now, .moved(to: first.key, how: .start)),
        ]
    }

    /// Opens a session: the started events, then what the group carries (agreements, open
    /// conflicts, commitments due), then the first activity.
    public func start(plan: Plan, group: String, context: GroupContext = GroupContext(), at now: Date) throws(CoreError) -> Step {
        let events = try startEvents(plan: plan, group: group, at: now)
        let state = SessionState.replay(events, context: context)
        return Step(state: state, events: events, output: opening(state, now: now))
    }

    public func opening(_ state: SessionState, now: Date) -> [OutputLine] {
        var output: [OutputLine] = [
            .heading(
                "\(TerminalText.sanitize(state.title, singleLine: true)) · \(TerminalText.sanitize(state.group, singleLine: true)) · session \(state.context.sessionNumber)"
            ),
            .dim(
                "\(Plural.count(state.agenda.count, "activity", "activities")), \(state.plannedMinutes) min planned. /agenda shows the plan, /help the commands."
            ),
        ]
        let carried = carriedLines(state, now: now)
        if !carried.isEmpty {
            output.append(.blank())
            output += carried
        }
        output.append(.blank())
        output += itemCard(state: state)
        return output
    }

    /// Reopens an interrupted session.
    public func resume(_ state: SessionState, at now: Date) -> Step {
        let event = SessionEvent(at: now, .resumed)
        var next = state
        next.apply(event)
        var output: [OutputLine] = [
            .heading("Resumed: \(TerminalText.sanitize(next.title, singleLine: true)) · \(TerminalText.sanitize(next.group, singleLine: true))"),
            .dim("\(Plural.count(next.notes.count, "note")) so far. /agenda shows where you are."),
        ]
        if let pulse = next.openPulse {
            output.append(
                .dim("Pulse \(pulse.number) is still open with \(Plural.count(pulse.answers.count, "answer")): /pass continues it, /close closes it.")
            )
            if pulse.segmentsLost {
                output.append(
                    OutputLine(
                        "The segments of pulse \(pulse.number) were lost when Convene stopped (an open pulse keeps them only in memory, so the file never ties a small group to an answer); its total is kept, and it will show no results by segment.",
                        .warning))
            }
        }
        output.append(.blank())
        output += itemCard(state: next)
        return Step(state: next, events: [event], output: output)
    }

    public func step(_ state: SessionState, _ command: Command, at now: Date) throws(CoreError) -> Step {
        if state.isEnded { throw .refused("this session has ended") }
        switch command {
        case .help(let name):
            return Step(state: state, output: help(name))
        case .agenda:
            return Step(state: state, output: agendaLines(state, now: now))
        case .prep:
            // The agenda as it stands now, with whatever was added or dropped while running.
            return Step(
                state: state,
                output: PrepSheet(title: state.title, items: state.agenda.map { ($0.activityID, $0.plannedMinutes) }, library: library).lines())
        case .next:
            guard let index = state.currentIndex else { throw .refused("no current activity") }
            guard index + 1 < state.agenda.count else {
                throw .refused("this is the last activity: /end closes the session")
            }
            return apply(state, [SessionEvent(at: now, .moved(to: state.agenda[index + 1].key, how: .next))], card: true)
        case .back:
            guard let index = state.currentIndex, index > 0 else { throw .refused("this is the first activity") }
            return apply(state, [SessionEvent(at: now, .moved(to: state.agenda[index - 1].key, how: .back))], card: true)
        case .goto(let number):
            guard (1...state.agenda.count).contains(number) else {
                throw .usage("/goto takes a step from 1 to \(state.agenda.count) (got \(number))")
            }
            if number - 1 == state.currentIndex { throw .refused("step \(number) is the current activity") }
            return apply(state, [SessionEvent(at: now, .moved(to: state.agenda[number - 1].key, how: .goto))], card: true)
        case .skip:
            guard let index = state.currentIndex else { throw .refused("no current activity") }
            guard index + 1 < state.agenda.count else {
                throw .refused("nothing after this activity to skip to: /end closes the session")
            }
            return apply(state, [SessionEvent(at: now, .moved(to: state.agenda[index + 1].key, how: .skip))], card: true)
        case .add(let id, let position):
            return try add(state, id: id, at: position, now: now)
        case .drop(let number):
            guard (1...state.agenda.count).contains(number) else {
                throw .usage("/drop takes a step from 1 to \(state.agenda.count) (got \(number))")
            }
            let item = state.agenda[number - 1]
            guard item.key != state.currentKey else { throw .refused("step \(number) is the current activity: move on before dropping it") }
            return apply(
                state, [SessionEvent(at: now, .dropped(item: item.key))],
                output: [OutputLine("Dropped step \(number), \(clean(item.title)). /agenda shows the plan.", .success)])
        case .timer(let action):
            return try timer(state, action, now: now)
        case .note(let text):
            guard let key = state.currentKey else { throw .refused("no current activity to note on") }
            let step = apply(state, [SessionEvent(at: now, .noted(item: key, text: text))])
            return Step(state: step.state, events: step.events, output: [.dim("noted (\(step.state.notes(for: key).count) on this activity)")])
        case .notes:
            return Step(state: state, output: notesLines(state))
        case .edit(let number, let text):
            return try editNote(state, number, text: text, now: now)
        case .delete(let number):
            return try deleteNote(state, number, now: now)
        case .undo:
            return try undo(state, now: now)
        case .card:
            guard state.currentItem != nil else { throw .refused("no current activity") }
            return Step(state: state, output: itemCard(state: state, full: true))
        case .carried:
            let carried = carriedLines(state, now: now)
            return Step(
                state: state,
                output: carried.isEmpty
                    ? [.dim("The group carries nothing yet: no working agreements, open conflicts or open commitments.")] : carried)
        case .show(let id):
            guard let activity = library[id] else { throw unknown(id) }
            return Step(state: state, output: ActivityCard.lines(activity, full: true))
        case .find(let words):
            return Step(state: state, output: searchLines(words))
        case .conflict(let text):
            return raiseConflict(state, text, now: now)
        case .conflicts:
            return Step(state: state, output: conflictLines(state))
        case .resolve(let number, let note):
            return try resolveConflict(state, number, note: note, now: now)
        case .commit(let owner, let action, let due):
            return try commit(state, owner: owner, action: action, due: due, now: now)
        case .commitments:
            return Step(state: state, output: commitmentLines(state, now: now))
        case .done(let number):
            return try markDone(state, number, now: now)
        case .agree(let text):
            return agree(state, text, now: now)
        case .agreements:
            return Step(state: state, output: agreementLines(state))
        case .retire(let number):
            return try retire(state, number, now: now)
        case .spoke(let label):
            return try spoke(state, label, now: now)
        case .relabel(let from, let to):
            return try relabel(state, from: from, to: to, now: now)
        case .airtime:
            return Step(state: state, output: airtimeLines(state) + categoryAirtimeLines(state))
        case .present(let count):
            return apply(state, [SessionEvent(at: now, .present(count: count))], output: [OutputLine("Headcount: \(count).", .success)])
        case .presentBy(let counts):
            return try presentBy(state, counts, now: now)
        case .here(let labels):
            return try here(state, labels, now: now)
        case .seat(let label, let category, let organization):
            return try seat(state, label: label, category: category, organization: organization, now: now)
        case .roster:
            return Step(state: state, output: rosterLines(state))
        case .pulse(let request):
            return try openPulse(state, request, now: now)
        case .pass:
            guard let pulse = state.openPulse else { throw .refused("no pulse is open: /checkin, /checkout or /pulse opens one") }
            guard state.headcount != nil else { throw Self.headcountFirst }
            // A full room cannot start a round (a segment is asked in the round, so only fullness counts here).
            let verdict = Admission.decide(PulseAnswer(), pulse: pulse.number, in: state)
            if case .full = verdict, let refusal = verdict.refusal { throw refusal }
            return Step(state: state, effects: [.passRound(pulse: pulse.number)])
        case .close:
            return try closePulse(state, now: now)
        case .results(let number):
            return try results(state, number)
        case .signals:
            var step = Step(state: state)
            step.history = .signals
            return step
        case .web(let action):
            if case .on = action, state.headcount == nil { throw Self.headcountFirst }
            return Step(state: state, effects: [.web(action)])
        case .trends:
            var step = Step(state: state)
            step.history = .trends
            return step
        case .end(let out):
            // An open pulse is closed with the session, never left with its answers in answering order.
            var events: [SessionEvent] = []
            var output: [OutputLine] = []
            if let open = state.openPulse {
                events.append(SessionEvent(at: now, .pulseClosed(number: open.number)))
                output.append(
                    OutputLine(
                        "Pulse \(open.number) was still open: it is closed with the session (\(Plural.count(open.answers.count, "answer"))).",
                        .warning))
            }
            events.append(SessionEvent(at: now, .ended))
            let step = apply(state, events)
            let summary = SessionSummary(state: step.state, library: library, clock: clock).markdown()
            output += summary.split(separator: "\n", omittingEmptySubsequences: false).map { OutputLine(String($0), wraps: false) }
            var effects: [Step.Effect] = []
            if let out {
                effects.append(.writeFile(path: out, contents: summary))
                output.append(.dim("Summary written to \(clean(out))."))
            }
            // Where to find it again, by the number its banner said.
            output.append(
                .dim("Saved: convene sessions show \(state.context.sessionNumber) --group \"\(clean(state.group))\" (or --format md to share it)"))
            var ended = Step(state: step.state, events: step.events, output: output, leave: true, effects: effects)
            ended.seals = step.seals
            return ended
        case .item:
            return Step(state: state, output: currentItemLines(state))
        case .addItem(let business):
            return addItem(state, business, now: now)
        case .propose(let text):
            return try propose(state, text, now: now)
        case .decide(let method, let options):
            return try decide(state, method: method, options: options, now: now)
        case .stance(let label, let level):
            return try takeStance(state, label: label, level: level, now: now)
        case .decided(let text, let review):
            return try record(state, .decided, text, review: review, now: now)
        case .deferred(let text):
            return try record(state, .deferred, text, review: .none, now: now)
        case .decisions:
            return Step(state: state, output: decisionLines(state, now: now))
        case .clear:
            return Step(state: state, effects: [.clearScreen])
        case .quit:
            return Step(state: state, output: [.dim("Left the session; it stays open. convene resume picks it up again.")], leave: true)
        }
    }

    /// k counts people, not devices: answers come only once the room has been counted.
    static let headcountFirst = CoreError.refused(
        "how many people are here? /present N first: a pulse takes at most one answer per person present, so k counts people, not phones")

    /// Applies events to a copy of the state; with `card`, shows the new current activity (its first
    /// screen: the terminal cuts it to its rows, /card shows the rest), else `output`.
    /// A pulse closed by the events is sealed here, the one place a close is decided.
    func apply(_ state: SessionState, _ events: [SessionEvent], card: Bool = false, output: [OutputLine] = []) -> Step {
        var next = state
        var seals: [PulseSeal] = []
        for event in events {
            if let seal = next.applySealing(event) { seals.append(seal) }
        }
        var step = Step(state: next, events: events, output: card ? itemCard(state: next) : output, effects: card ? [.firstScreen] : [])
        step.seals = seals
        return step
    }

    /// The question a terminal asks before `/close` when closing would show nothing (below the
    /// threshold, or more answers than people); nil when the result can be shown.
    public func closeQuestion(_ state: SessionState) -> String? {
        guard var open = state.openPulse else { return nil }
        // The seal a close would make now, so the question and the close cannot disagree.
        open.present = state.headcount
        let seal = PulseSeal(closing: open, groupThreshold: state.context.threshold)
        guard !seal.keep else { return nil }
        let count = seal.count
        let threshold = seal.threshold
        let answers = "\(count) answer\(count == 1 ? "" : "s")"
        let why = count < threshold ? "\(answers), threshold \(threshold)" : "\(answers) from \(state.headcount ?? 0) present"
        return "\(why): closing now shows nothing (only the count is kept); close anyway? [y/N] "
    }

    /// An id that is not in the library, with the closest one if it looks like a typo.
    func unknown(_ id: String, what: String = "activity") -> CoreError {
        let hint = library.suggestion(for: id).map { " (did you mean \($0)?)" } ?? ""
        return .usage("no \(what) \"\(clean(id))\" in the library\(hint): /find WORDS searches it")
    }

    func clean(_ text: String) -> String { TerminalText.sanitize(text, singleLine: true) }

    func add(_ state: SessionState, id: String, at position: Int?, now: Date) throws(CoreError) -> Step {
        guard let activity = library[id] else { throw unknown(id) }
        let index: Int
        if let position {
            guard (1...(state.agenda.count + 1)).contains(position) else {
                throw .usage("/add … at N takes a step from 1 to \(state.agenda.count + 1) (got \(position))")
            }
            index = position - 1
        } else {
            index = (state.currentIndex ?? (state.agenda.count - 1)) + 1
        }
        let minutes = library.minutes(of: Plan.Item(id: activity.id))
        let item = AgendaItem(
            key: state.nextItemKey, activityID: activity.id, title: activity.title, plannedMinutes: minutes, isPulse: activity.isPulse)
        let step = apply(state, [SessionEvent(at: now, .added(item: item, index: index))])
        return Step(
            state: step.state, events: step.events,
            output: [
                OutputLine(
                    "Added \(clean(activity.title)) (\(minutes) min) as step \(index + 1); the plan is now \(step.state.plannedMinutes) min.",
                    .success)
            ])
    }

    /// The card for the current agenda item, headed by its step number.
    /// With `full`, every section of the card (/card); else the sections a step is run from.
    public func itemCard(state: SessionState, full: Bool = false) -> [OutputLine] {
        guard let index = state.currentIndex else { return [] }
        let item = state.agenda[index]
        var lines: [OutputLine] = [.heading("Step \(index + 1)/\(state.agenda.count) · \(clean(item.title)) · \(item.plannedMinutes) min planned")]
        if let business = item.business {
            lines += businessLines(business)
        } else if let activity = library[item.activityID] {
            lines += ActivityCard.lines(activity, full: full).drop(while: { full && $0.style == .heading })
            if activity.isPulse { lines.append(.dim("/pulse opens this question; /pass runs a pass-the-keyboard round.")) }
        } else {
            lines.append(.dim("(\(clean(item.activityID)) is no longer in the library)"))
        }
        return lines
    }

    /// What an agenda line says about the time an item took: " · 2 min spent", or for an item
    /// moved past with /skip " · skipped after 2 min" (one phrase, not "2 min spent · skipped").
    static func timeSpent(_ seconds: TimeInterval, skipped: Bool) -> String {
        let minutes = Int((seconds / 60).rounded())
        switch (skipped, seconds > 0) {
        case (true, true): return " · skipped after \(minutes) min"
        case (true, false): return " · skipped"
        case (false, true): return " · \(minutes) min spent"
        case (false, false): return ""
        }
    }

    func agendaLines(_ state: SessionState, now: Date) -> [OutputLine] {
        var lines: [OutputLine] = [.heading("\(clean(state.title)) · \(state.plannedMinutes) min planned")]
        for (index, item) in state.agenda.enumerated() {
            let marker = item.key == state.currentKey ? "▶" : " "
            let spent = state.secondsSpent(on: item.key, now: now)
            let kind = item.isPulse ? " (pulse)" : ""
            let line =
                "\(marker) \(String(format: "%2d", index + 1)). \(clean(item.title))\(kind) · \(item.plannedMinutes) min\(Self.timeSpent(spent, skipped: state.skipped.contains(item.key)))"
            lines.append(OutputLine(line, item.key == state.currentKey ? .emphasis : .plain))
        }
        return lines
    }

    func help(_ name: String?) -> [OutputLine] { CommandSpec.helpLines(name) }

    func searchLines(_ words: String) -> [OutputLine] {
        let hits = LibrarySearch(library: library).search(words).prefix(10)
        guard !hits.isEmpty else { return [OutputLine("nothing in the library matches \"\(clean(words))\"", .warning)] }
        return hits.map {
            OutputLine(
                "  \($0.activity.id.padding(toLength: 30, withPad: " ", startingAt: 0)) \(clean($0.activity.title)) (\($0.activity.kind.label))",
                hang: 33)
        }
    }
}
