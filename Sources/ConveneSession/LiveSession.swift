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

    public init(
        store: AppDatabase, sessionID: Int64, facilitator: Facilitator, state: SessionState, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.sessionID = sessionID
        self.facilitator = facilitator
        self.clock = clock
        current = state
        publishRoom()
    }

    /// Opens a new session of `group` from `plan`: its first events are stored with it.
    public static func start(
        plan: Plan, group: GroupRecord, store: AppDatabase, facilitator: Facilitator,
        clock: @escaping @Sendable () -> Date = Date.init
    ) throws(SessionError) -> (LiveSession, [OutputLine]) {
        let now = clock()
        do {
            let events = try facilitator.startEvents(plan: plan, group: group.name, at: now)
            let session = try store.createSession(group: group, events: events)
            let state = SessionState.replay(events, context: try store.context(forSession: session.id!))
            return (
                LiveSession(store: store, sessionID: session.id!, facilitator: facilitator, state: state, clock: clock),
                facilitator.opening(state, now: now)
            )
        } catch let error as CoreError {
            throw SessionError(error)
        } catch let error as StoreError {
            throw SessionError(error)
        } catch {
            throw SessionError(.store, "\(error)")
        }
    }

    /// Reopens an interrupted session, rebuilt from its events and its answers.
    public static func resume(
        sessionID: Int64, store: AppDatabase, facilitator: Facilitator,
        clock: @escaping @Sendable () -> Date = Date.init
    ) throws(SessionError) -> (LiveSession, [OutputLine]) {
        do {
            let state = try load(store: store, sessionID: sessionID)
            let step = facilitator.resume(state, at: clock())
            try store.append(step.events, to: sessionID, state: step.state)
            var output = step.output
            // Phones were waiting on a page that went with the process: say so, and how to bring it back.
            if let door = try store.webDoor(session: sessionID), door.serving, !step.state.isEnded {
                output.append(
                    OutputLine(
                        "The participants' page was on when Convene stopped, and phones cannot reach it now: /web on serves it again with the same code (\(door.code)); phones that joined keep their place.",
                        .warning))
            }
            return (LiveSession(store: store, sessionID: sessionID, facilitator: facilitator, state: step.state, clock: clock), output)
        } catch {
            throw SessionError(error)
        }
    }

    /// A session as stored: its events replayed on its group's context, with its answers in key
    /// order and each closed pulse's final count (what its seal kept).
    public static func load(store: AppDatabase, sessionID: Int64) throws(StoreError) -> SessionState {
        var state = SessionState.replay(try store.events(of: sessionID), context: try store.context(forSession: sessionID))
        let answers = try store.keyedAnswers(session: sessionID)
        let counts = try store.closedCounts(session: sessionID)
        let segments = try store.storedSegments(session: sessionID)
        for pulse in state.pulses {
            state.load(answers[pulse.number] ?? [], closedCount: counts[pulse.number], segments: segments[pulse.number], pulse: pulse.number)
        }
        return state
    }

    /// Runs `body` under the session's lock; the page's snapshot is republished before it is released.
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
        // Memory holds every answer the store holds (both change only under this lock), so a close
        // is decided from the state alone and stored in one transaction with its seal.
        let step: Step
        do {
            step = try facilitator.step(current, command, at: clock())
        } catch {
            throw SessionError(error)
        }
        do {
            try store.append(step.events, to: sessionID, state: step.state, seals: step.seals)
        } catch {
            // Nothing is acknowledged that was not stored: the state stays as it was.
            throw SessionError(error)
        }
        // Committed: from here on the state moves, whatever else fails, and the page sees it at once.
        current = step.state
        publishRoom()
        var output = step.output
        if let view = step.history {
            do throws(StoreError) {
                guard let groupId = try store.session(id: sessionID)?.groupId else { throw StoreError(.notFound, "session \(sessionID) is gone") }
                let history = try store.history(groupId: groupId)
                output +=
                    view == .signals
                    ? SignalLines.lines(SignalDetector(library: facilitator.library).signals(history), group: history.group)
                    : Trends(history: history, library: facilitator.library).lines()
            } catch {
                throw SessionError(error)
            }
        }
        // A closed pulse's answers were rewritten in key order; the log still has them in answering order.
        if checkpointPending || !step.seals.isEmpty {
            output += checkpoint()
        }
        return Reply(output: output, effects: step.effects, leave: step.leave)
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
            if let refusal = Admission.decide(answer, pulse: number, in: current).refusal { throw SessionError(refusal) }
            let keyed = [(key: AppDatabase.answerKey(), answer: answer)]
            do throws(StoreError) {
                try store.addAnswers(keyed, session: sessionID, pulse: number)
            } catch {
                throw SessionError(error)
            }
            current.record(keyed, pulse: number)
        }
    }

    /// The web key of this session (made on first use, kept through a crash, deleted at /end) and
    /// how many devices hold a token.
    public func webSecret() throws(SessionError) -> (key: Data, devices: Int) {
        do {
            return try locked { () throws(StoreError) in
                let secret = try store.webSecret(session: sessionID)
                devices = secret.devices
                return secret
            }
        } catch {
            throw SessionError(error)
        }
    }

    /// The page's join code as it was last served, and whether it was serving (nil before the
    /// page was first served): /web on after a resume opens the same door.
    public func webDoor() throws(SessionError) -> (code: String, serving: Bool)? {
        do {
            return try store.webDoor(session: sessionID)
        } catch {
            throw SessionError(error)
        }
    }

    public func rememberWebDoor(code: String, serving: Bool) throws(SessionError) {
        do {
            try store.setWebDoor(code: code, serving: serving, session: sessionID)
        } catch {
            throw SessionError(error)
        }
    }

    /// Device tokens handed out, known once the web key is read: the core caps them at the headcount.
    private var devices: Int?

    /// A batch from the phones, in one durable transaction: `joins` devices asking for a token and
    /// ballots. The core admits them under the lock (tokens and answers per pulse capped at the
    /// headcount, none before there is one); the store records what it admitted.
    public func commitWeb(joins: Int, ballots: [AppDatabase.Ballot]) throws(SessionError) -> (granted: Int, results: [BallotResult]) {
        try locked { () throws(SessionError) in
            // No token before the web key exists (the page reads it first).
            let granted = devices.map { Admission.devices(requested: joins, holding: $0, in: current) } ?? 0
            var results = Admission.decide(ballots.map { ($0.pulse, $0.answer) }, in: current).map(\.ballotResult)
            var pending = Array(ballots.indices)
            var grant = granted
            // A ballot refused as a duplicate frees the place the core counted for it: the ballots
            // refused only because the room was full are judged again, once more at most.
            for _ in 0..<2 {
                let admitted = pending.filter { results[$0] == .accepted }
                guard grant > 0 || !admitted.isEmpty else { break }
                let keyed = admitted.map { (ballot: ballots[$0], answerKey: AppDatabase.answerKey()) }
                let stored: [Bool]
                do throws(StoreError) {
                    stored = try store.commitWeb(granted: grant, ballots: keyed, session: sessionID)
                } catch {
                    throw SessionError(error)
                }
                devices = (devices ?? 0) + grant
                grant = 0
                for ((index, item), kept) in zip(zip(admitted, keyed), stored) {
                    if kept {
                        current.record([(item.answerKey, item.ballot.answer)], pulse: item.ballot.pulse)
                    } else {
                        results[index] = .duplicate
                    }
                }
                let retry = pending.filter { results[$0] == .full }
                guard stored.contains(false), !retry.isEmpty else { break }
                let again = Admission.decide(retry.map { (ballots[$0].pulse, ballots[$0].answer) }, in: current).map(\.ballotResult)
                for (index, result) in zip(retry, again) { results[index] = result }
                pending = retry
            }
            return (granted, results)
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
