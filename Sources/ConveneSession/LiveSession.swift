import ConveneCore
import ConveneStore
import Foundation

/// The one owner of a running meeting. It parses a line, steps the core, commits the events in one
/// transaction before anything is shown, answers the effects that need the store, and is the only
/// door through which answers arrive: from the pass-the-keyboard round and from phones. The
/// terminal reads lines and prints replies; the web page turns requests into calls here.
///
/// Every change runs under one lock, so an answer can never land between a pulse's close and the
/// result shown for it, and the state in memory is always what the store holds.
public final class LiveSession: @unchecked Sendable {
    /// What the shell must do after a step: show `output`, then carry out `effects` that need the
    /// terminal or the network (a pass round, the page, a file), then leave if asked.
    public struct Reply: Sendable {
        public var output: [OutputLine]
        public var effects: [Step.Effect]
        public var leave: Bool
    }

    public let store: AppDatabase
    public let sessionID: Int64
    public let facilitator: Facilitator
    let clock: @Sendable () -> Date
    private let lock = NSLock()
    private var current: SessionState
    /// A checkpoint that a reader blocked: tried again after every step until it goes through.
    private var checkpointPending = false

    public init(store: AppDatabase, sessionID: Int64, facilitator: Facilitator, state: SessionState, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.sessionID = sessionID
        self.facilitator = facilitator
        self.clock = clock
        current = state
        publishRoom()
    }

    /// Opens a new session of `group` from `plan`: its first events are stored with it.
    public static func start(plan: Plan, group: GroupRecord, store: AppDatabase, facilitator: Facilitator,
                             clock: @escaping @Sendable () -> Date = Date.init) throws(SessionError) -> (LiveSession, [OutputLine]) {
        let now = clock()
        do {
            let events = try facilitator.startEvents(plan: plan, group: group.name, at: now)
            let session = try store.createSession(group: group, events: events)
            let state = SessionState.replay(events, context: try store.context(forSession: session.id!))
            return (LiveSession(store: store, sessionID: session.id!, facilitator: facilitator, state: state, clock: clock), facilitator.opening(state, now: now))
        } catch let error as CoreError {
            throw SessionError(error)
        } catch let error as StoreError {
            throw SessionError(error)
        } catch {
            throw SessionError(.store, "\(error)")
        }
    }

    /// Reopens an interrupted session, rebuilt from its events and its answers.
    public static func resume(sessionID: Int64, store: AppDatabase, facilitator: Facilitator,
                              clock: @escaping @Sendable () -> Date = Date.init) throws(SessionError) -> (LiveSession, [OutputLine]) {
        do {
            let state = try load(store: store, sessionID: sessionID)
            let step = facilitator.resume(state, at: clock())
            try store.append(step.events, to: sessionID, state: step.state)
            return (LiveSession(store: store, sessionID: sessionID, facilitator: facilitator, state: step.state, clock: clock), step.output)
        } catch {
            throw SessionError(error)
        }
    }

    /// A session as stored: its events replayed on its group's context, with its answers in key order.
    public static func load(store: AppDatabase, sessionID: Int64) throws(StoreError) -> SessionState {
        var state = SessionState.replay(try store.events(of: sessionID), context: try store.context(forSession: sessionID))
        try settle(&state, pulses: state.pulses.map(\.number), store: store, sessionID: sessionID)
        return state
    }

    /// Puts pulses' answers in the state as the store holds them: in key order, and for a closed
    /// pulse that could never be shown, only the count of the answers that were deleted.
    static func settle(_ state: inout SessionState, pulses numbers: [Int], store: AppDatabase, sessionID: Int64) throws(StoreError) {
        let answers = try store.answers(session: sessionID), counts = try store.closedCounts(session: sessionID)
        let segments = try store.storedSegments(session: sessionID)
        for number in numbers {
            guard let index = state.pulses.firstIndex(where: { $0.number == number }) else { continue }
            state.pulses[index].storedSegments = segments[number]
            state.pulses[index].answers = answers[number] ?? []
            state.pulses[index].withheld = max(0, (counts[number] ?? 0) - state.pulses[index].answers.count)
        }
    }

    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer {
            publishRoom()
            lock.unlock()
        }
        return try body()
    }

    public typealias Room = (open: (number: Int, question: PulseQuestion)?, headcount: Int?, ended: Bool)

    /// A copy of what the page reads on every request, behind a lock of its own: the session's lock
    /// is held through each durable commit, and the page's event loops must not wait on it (perf
    /// showed a quarter of the CPU idle with every loop blocked behind a commit).
    private let roomLock = NSLock()
    private var published: Room = (nil, nil, false)

    private func publishRoom() {
        let room: Room = (current.openPulse.map { ($0.number, $0.question) }, current.headcount, current.isEnded)
        roomLock.withLock { published = room }
    }

    public var state: SessionState { locked { current } }

    /// What the phones' page needs to know, read in one go. Only the open pulse's number and
    /// question leave the lock, never its answers: a copy of them held by a request would make the
    /// next answer copy the whole array (perf showed it under load).
    public var room: Room { roomLock.withLock { published } }

    /// Whether pulse `number` takes no answers (closed, or never opened): only one pulse is open.
    /// The commit checks again under the session's lock; this spares a phone the wait.
    public func isClosed(pulse number: Int) -> Bool {
        room.open?.number != number || room.ended
    }

    public var now: Date { clock() }

    // MARK: - Lines and commands

    /// Parses and performs one line typed at the REPL; nil for a blank line.
    public func perform(line: String) throws(SessionError) -> Reply? {
        let command: Command?
        do {
            command = try CommandParser.parse(line)
        } catch {
            throw SessionError(error)
        }
        guard let command else { return nil }
        return try perform(command)
    }

    public func perform(_ command: Command) throws(SessionError) -> Reply {
        lock.lock()
        defer { lock.unlock() }
        var state = current
        // A close (or an end, which closes) reports exactly what was committed: the pulse's answers
        // are read back from the store first, under the same lock that every answer takes.
        if let open = state.openPulse, Self.closesPulse(command) {
            do {
                try Self.settle(&state, pulses: [open.number], store: store, sessionID: sessionID)
            } catch {
                throw SessionError(error)
            }
        }
        let step: Step
        do {
            step = try facilitator.step(state, command, at: clock())
        } catch {
            throw SessionError(error)
        }
        do {
            try store.append(step.events, to: sessionID, state: step.state)
        } catch {
            // Nothing is acknowledged that was not stored: the state stays as it was.
            throw SessionError(error)
        }
        // Committed: from here on the state moves, whatever else fails.
        current = step.state
        var output = step.output
        let closed = step.events.compactMap { event -> Int? in if case .pulseClosed(let number) = event.change { number } else { nil } }
        if !closed.isEmpty {
            // What the store kept of a closed pulse (nothing but the count, if it can never be shown).
            do {
                try Self.settle(&current, pulses: closed, store: store, sessionID: sessionID)
            } catch {
                output.append(OutputLine(error.description, .warning))
            }
        }
        var effects: [Step.Effect] = []
        for effect in step.effects {
            switch effect {
            case .signals, .trends:
                do throws(StoreError) {
                    guard let groupId = try store.session(id: sessionID)?.groupId else { throw StoreError(.notFound, "session \(sessionID) is gone") }
                    let history = try store.history(groupId: groupId)
                    output += effect == .signals
                        ? SignalLines.lines(SignalDetector(library: facilitator.library).signals(history), group: history.group)
                        : Trends(history: history, library: facilitator.library).lines()
                } catch {
                    throw SessionError(error)
                }
            default:
                effects.append(effect)
            }
        }
        // A closed pulse's answers were rewritten in key order; the log still has them in answering order.
        if checkpointPending || !closed.isEmpty {
            output += checkpoint()
        }
        return Reply(output: output, effects: effects, leave: step.leave)
    }

    static func closesPulse(_ command: Command) -> Bool {
        switch command {
        case .close, .end: true
        default: false
        }
    }

    /// Empties the write-ahead log; a failure is reported and tried again after the next step.
    func checkpoint() -> [OutputLine] {
        let wasPending = checkpointPending
        do {
            try store.checkpoint()
            checkpointPending = false
            return wasPending ? [OutputLine("The store's write-ahead log is emptied now: it keeps no order of answering.", .success)] : []
        } catch {
            checkpointPending = true
            return wasPending ? [] : [OutputLine(error.description, .warning)]
        }
    }

    // MARK: - Answers: the only door

    /// One answer from the pass-the-keyboard round, stored before the participant is thanked.
    public func submit(_ answer: PulseAnswer, pulse number: Int) throws(SessionError) {
        try locked { () throws(SessionError) in
            guard let pulse = current.openPulse, pulse.number == number else { throw SessionError(.input, "pulse \(number) is not open") }
            guard let present = current.headcount else { throw SessionError(.input, "no headcount: /present N first") }
            if let full = facilitator.roomFull(current, pulse) { throw SessionError(full) }
            guard pulse.question.accepts(segment: answer.segment) else { throw SessionError(.input, "that segment is not one pulse \(number) offers") }
            do throws(StoreError) {
                try store.addAnswers([answer], session: sessionID, pulse: number, cap: present)
            } catch {
                throw SessionError(error)
            }
            current.record([answer], pulse: number)
        }
    }

    /// The web key of this session (made on first use, kept through a crash, deleted at /end) and
    /// how many devices hold a token.
    public func webSecret() throws(SessionError) -> (key: Data, devices: Int) {
        do {
            return try locked { () throws(StoreError) in try store.webSecret(session: sessionID) }
        } catch {
            throw SessionError(error)
        }
    }

    /// A batch from the phones, in one durable transaction: `joins` devices asking for a token and
    /// ballots. Tokens and answers per pulse are capped at the headcount; none before there is one.
    public func commitWeb(joins: Int, ballots: [AppDatabase.Ballot]) throws(SessionError) -> (granted: Int, results: [AppDatabase.BallotResult]) {
        try locked { () throws(SessionError) in
            guard !current.isEnded else { return (0, ballots.map { _ in .closed }) }
            let cap = current.headcount ?? 0
            let outcome: (granted: Int, results: [AppDatabase.BallotResult])
            do throws(StoreError) {
                // Memory holds what the store holds (one lock), so the counts need no query.
                let answered = Dictionary(current.pulses.map { ($0.number, $0.answers.count) }, uniquingKeysWith: { first, _ in first })
                outcome = try store.commitWeb(joins: joins, ballots: ballots, session: sessionID, cap: cap, answered: answered)
            } catch {
                throw SessionError(error)
            }
            for (ballot, result) in zip(ballots, outcome.results) where result == .accepted {
                current.record([ballot.answer], pulse: ballot.pulse)
            }
            return outcome
        }
    }

    // MARK: - Leaving

    /// The facilitator leaves without /end (or the input ended): a pulse left open has its answers
    /// written again in key order and the log emptied. Returns lines to show if that failed.
    public func leave() -> [OutputLine] {
        locked {
            do throws(StoreError) {
                try store.forgetAnsweringOrder(session: sessionID)
                checkpointPending = false
                return []
            } catch {
                return [OutputLine(error.description, .warning)]
            }
        }
    }
}
