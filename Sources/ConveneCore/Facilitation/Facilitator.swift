import Foundation

/// The facilitation state machine: (state, command) → (state, events, output). No I/O.
public struct Facilitator: Sendable {
    public var library: Library

    public init(library: Library) {
        self.library = library
    }

    /// The agenda a plan starts with; unknown ids were already refused by `Library.check`.
    public func agenda(for plan: Plan) -> [AgendaItem] {
        plan.agenda.enumerated().map { index, item in
            let activity = library[item.id]
            return AgendaItem(
                key: index + 1, activityID: item.id, title: activity?.title ?? item.id,
                plannedMinutes: library.minutes(of: item), isPulse: activity?.isPulse ?? item.isPulse
            )
        }
    }

    /// Opens a session: the started event and the first activity.
    public func start(plan: Plan, group: String, at now: Date) throws(CoreError) -> Step {
        let problems = library.check(plan)
        if let first = problems.first { throw CoreError(.library, first.description) }
        let items = agenda(for: plan)
        guard let first = items.first else { throw .refused("the plan \(plan.name) has no activities") }
        let events = [
            SessionEvent(at: now, .started(group: group, plan: plan.name, title: plan.title, agenda: items)),
            SessionEvent(at: now, .moved(to: first.key, how: .start)),
        ]
        let state = SessionState.replay(events)
        var output: [OutputLine] = [
            .heading("\(plan.title) · \(group)"),
            .dim("\(items.count) activities, \(state.plannedMinutes) min planned. /agenda shows the plan, /help the commands."),
            .blank(),
        ]
        output += itemCard(state: state)
        return Step(state: state, events: events, output: output)
    }

    /// Reopens an interrupted session.
    public func resume(_ state: SessionState, at now: Date) -> Step {
        let event = SessionEvent(at: now, .resumed)
        var next = state
        next.apply(event)
        var output: [OutputLine] = [
            .heading("Resumed: \(next.title) · \(next.group)"),
            .dim("\(next.notes.count) notes so far. /agenda shows where you are."),
            .blank(),
        ]
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
        case .next:
            guard let index = state.currentIndex else { throw .refused("no current activity") }
            guard index + 1 < state.agenda.count else {
                throw .refused("this is the last activity: /end closes the session")
            }
            return move(state, to: index + 1, how: .next, at: now)
        case .back:
            guard let index = state.currentIndex, index > 0 else { throw .refused("this is the first activity") }
            return move(state, to: index - 1, how: .back, at: now)
        case .goto(let number):
            guard (1...state.agenda.count).contains(number) else {
                throw .usage("/goto takes a step from 1 to \(state.agenda.count) (got \(number))")
            }
            if number - 1 == state.currentIndex { throw .refused("step \(number) is the current activity") }
            return move(state, to: number - 1, how: .goto, at: now)
        case .skip:
            guard let index = state.currentIndex else { throw .refused("no current activity") }
            guard index + 1 < state.agenda.count else {
                throw .refused("nothing after this activity to skip to: /end closes the session")
            }
            return move(state, to: index + 1, how: .skip, at: now)
        case .note(let text):
            guard let key = state.currentKey else { throw .refused("no current activity to note on") }
            let event = SessionEvent(at: now, .noted(item: key, text: text))
            var next = state
            next.apply(event)
            return Step(state: next, events: [event], output: [.dim("noted (\(next.notes(for: key).count) on this activity)")])
        case .show(let id):
            guard let activity = library[id] else {
                let hint = library.suggestion(for: id).map { " (did you mean \($0)?)" } ?? ""
                throw .usage("no activity \"\(TerminalText.sanitize(id, singleLine: true))\" in the library\(hint): /find WORDS searches it")
            }
            return Step(state: state, output: ActivityCard.lines(activity, full: true))
        case .find(let words):
            return Step(state: state, output: searchLines(words))
        case .end:
            let event = SessionEvent(at: now, .ended)
            var next = state
            next.apply(event)
            let summary = SessionSummary(state: next, library: library).markdown()
            let output = summary.split(separator: "\n", omittingEmptySubsequences: false).map { OutputLine(String($0), wraps: false) }
            return Step(state: next, events: [event], output: output, leave: true)
        case .quit:
            return Step(state: state, output: [.dim("Left the session; it stays open. convene resume picks it up again.")], leave: true)
        }
    }

    func move(_ state: SessionState, to index: Int, how: SessionEvent.Move, at now: Date) -> Step {
        let event = SessionEvent(at: now, .moved(to: state.agenda[index].key, how: how))
        var next = state
        next.apply(event)
        return Step(state: next, events: [event], output: itemCard(state: next))
    }

    /// The card for the current agenda item, headed by its step number.
    public func itemCard(state: SessionState) -> [OutputLine] {
        guard let index = state.currentIndex else { return [] }
        let item = state.agenda[index]
        var lines: [OutputLine] = [.heading("Step \(index + 1)/\(state.agenda.count) · \(item.title) · \(item.plannedMinutes) min")]
        if let activity = library[item.activityID] {
            lines += ActivityCard.lines(activity, full: false)
        } else {
            lines.append(.dim("(\(item.activityID) is no longer in the library)"))
        }
        return lines
    }

    func agendaLines(_ state: SessionState, now: Date) -> [OutputLine] {
        var lines: [OutputLine] = [.heading("\(state.title) · \(state.plannedMinutes) min planned")]
        for (index, item) in state.agenda.enumerated() {
            let marker = item.key == state.currentKey ? "▶" : " "
            let spent = state.secondsSpent(on: item.key, now: now)
            let actual = spent > 0 ? String(format: " · %.0f min spent", (spent / 60).rounded()) : ""
            let skipped = state.skipped.contains(item.key) ? " · skipped" : ""
            let kind = item.isPulse ? " (pulse)" : ""
            let line = "\(marker) \(String(format: "%2d", index + 1)). \(item.title)\(kind) · \(item.plannedMinutes) min\(actual)\(skipped)"
            lines.append(OutputLine(line, item.key == state.currentKey ? .emphasis : .plain))
        }
        return lines
    }

    func help(_ name: String?) -> [OutputLine] {
        if let name {
            guard let spec = CommandSpec.named(name) else {
                return [OutputLine("no command \(TerminalText.sanitize(name, singleLine: true)): /help lists them", .warning)]
            }
            return [.heading(spec.usage), OutputLine(spec.summary), OutputLine(spec.detail)].filter { !$0.text.isEmpty }
        }
        let width = CommandSpec.all.map(\.usage.count).max() ?? 10
        var lines: [OutputLine] = [.heading("Commands (plain text is a note on the current activity)")]
        for spec in CommandSpec.all {
            lines.append(OutputLine("  " + spec.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + spec.summary, wraps: false))
        }
        return lines
    }

    func searchLines(_ words: String) -> [OutputLine] {
        let hits = LibrarySearch(library: library).search(words).prefix(10)
        guard !hits.isEmpty else { return [OutputLine("nothing in the library matches \"\(TerminalText.sanitize(words, singleLine: true))\"", .warning)] }
        return hits.map { OutputLine("  \($0.activity.id.padding(toLength: 30, withPad: " ", startingAt: 0)) \(TerminalText.sanitize($0.activity.title, singleLine: true)) (\($0.activity.kind.label))", wraps: false) }
    }
}
