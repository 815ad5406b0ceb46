import Foundation

/// Everything known about a running or finished session, derived only from its events (and, for
/// pulses, the anonymous answers stored apart from them) on top of the group's context.
public struct SessionState: Sendable, Equatable {
    /// Speaking turns of one label in this session.
    public struct Turns: Sendable, Equatable {
        public var label: String
        public var turns: Int
    }

    public struct Note: Sendable, Equatable {
        /// Its number in `/notes`, kept when an earlier note is deleted (so `/delete 2` twice cannot delete two notes).
        public var number: Int
        public var item: Int
        public var text: String
        public var at: Date
    }

    /// A stretch of time spent on one agenda item.
    public struct Visit: Sendable, Equatable {
        public var item: Int
        public var from: Date
        public var to: Date?
    }

    /// A change to the plan made while running, for the summary.
    public struct PlanChange: Sendable, Equatable {
        public var at: Date
        public var text: String
    }

    public var group = ""
    public var planName = ""
    public var title = ""
    public var agenda: [AgendaItem] = []
    public var currentKey: Int?
    public var notes: [Note] = []
    public var visits: [Visit] = []
    public var skipped: Set<Int> = []
    public var dropped: [AgendaItem] = []
    public var changes: [PlanChange] = []
    public var startedAt: Date?
    public var endedAt: Date?
    public var lastEventAt: Date?
    public var timer: SessionTimer?
    public var context = GroupContext()
    /// Numbers of the conflicts, commitments and agreements touched in this session.
    public var conflictsRaised: [Int] = []
    public var conflictsResolved: [Int] = []
    public var commitmentsMade: [Int] = []
    public var commitmentsDone: [Int] = []
    public var agreementsMade: [Int] = []
    public var agreementsRetired: [Int] = []
    /// Speaking turns per label, in order of first turn.
    public var airtime: [Turns] = []
    public var headcount: Int?
    /// The headcount by seat category, when it was taken that way (nil after a plain `/present N`).
    public var headcountByCategory: [CategoryCount]?
    /// The seats `/here` named, when the headcount came from the roster.
    public var here: [String]?
    public var pulses: [PulseState] = []
    /// The proposal the room is deciding, from `/propose` until `/decided` or `/deferred`.
    public var proposal: Proposal?
    /// Numbers of the decisions recorded in this session.
    public var decisionsMade: [Int] = []
    /// Notes taken so far, deleted ones included: the next note's number is one more.
    public var notesTaken = 0
    /// What `/undo` can still take back, the latest last.
    public var undoable: [Undoable] = []
    /// What was taken back (by `/undo`), and the notes deleted or edited, for the summary.
    public var undone: [Undoable] = []
    public var deletedNotes: [Int] = []
    public var editedNotes: [Int] = []

    public init(context: GroupContext = GroupContext()) {
        self.context = context
    }

    public static func replay(_ events: [SessionEvent], context: GroupContext = GroupContext()) -> SessionState {
        var state = SessionState(context: context)
        for event in events { state.apply(event) }
        return state
    }

    public mutating func apply(_ event: SessionEvent) {
        defer { lastEventAt = event.at }
        let now = event.at
        switch event.change {
        case .started(let group, let plan, let title, let agenda):
            self.group = group
            self.planName = plan
            self.title = title
            self.agenda = agenda
            startedAt = now
        case .moved(let key, let how):
            closeVisit(at: now)
            if how == .skip, let current = currentKey { skipped.insert(current) }
            if how == .goto, let index = agenda.firstIndex(where: { $0.key == key }) {
                changes.append(PlanChange(at: now, text: "jumped to step \(index + 1), \(agenda[index].title)"))
            }
            currentKey = key
            visits.append(Visit(item: key, from: now))
            let planned = Double(item(key: key)?.plannedMinutes ?? 5) * 60
            timer = SessionTimer(seconds: planned, startedAt: now, generation: (timer?.generation ?? 0) + 1)
        case .noted(let item, let text):
            notesTaken += 1
            notes.append(Note(number: notesTaken, item: item, text: text, at: now))
            undoable.append(.note(number: notesTaken))
        case .noteEdited(let number, let text):
            if let index = notes.firstIndex(where: { $0.number == number }) {
                notes[index].text = text
                editedNotes.append(number)
            }
        case .noteDeleted(let number):
            notes.removeAll { $0.number == number }
            undoable.removeAll { $0 == .note(number: number) }
            deletedNotes.append(number)
        case .undone(let slip):
            takeBack(slip, at: now)
        case .added(let item, let index):
            agenda.insert(item, at: min(max(0, index), agenda.count))
            changes.append(PlanChange(at: now, text: "added \(item.title) at step \(min(max(0, index), agenda.count - 1) + 1)"))
            undoable.append(.added(key: item.key))
        case .dropped(let key):
            if let index = agenda.firstIndex(where: { $0.key == key }) {
                let item = agenda.remove(at: index)
                dropped.append(item)
                changes.append(PlanChange(at: now, text: "dropped \(item.title) (was step \(index + 1))"))
                undoable.append(.dropped(key: key, index: index))
            }
        case .timer(let change):
            timer?.apply(change, at: now)
        case .conflictRaised(let number, let text):
            if !context.conflicts.contains(where: { $0.number == number }) {
                // In number order, as the store lists them, however numbers were taken back and reused.
                context.conflicts.insert(
                    Conflict(number: number, text: text, raisedAt: now), at: context.conflicts.partitionPoint { $0.number > number })
            }
            conflictsRaised.append(number)
            undoable.append(.conflict(number: number))
        case .conflictResolved(let number, let note):
            if let index = context.conflicts.firstIndex(where: { $0.number == number }) {
                context.conflicts[index].resolvedAt = now
                context.conflicts[index].resolution = note
            }
            conflictsResolved.append(number)
            undoable.append(.resolution(number: number))
        case .committed(let number, let owner, let action, let due):
            if !context.commitments.contains(where: { $0.number == number }) {
                context.commitments.insert(
                    Commitment(number: number, owner: owner, action: action, due: due, madeAt: now),
                    at: context.commitments.partitionPoint { $0.number > number })
            }
            commitmentsMade.append(number)
            undoable.append(.commitment(number: number))
        case .commitmentDone(let number):
            if let index = context.commitments.firstIndex(where: { $0.number == number }) {
                context.commitments[index].doneAt = now
            }
            commitmentsDone.append(number)
            undoable.append(.done(number: number))
        case .agreed(let number, let text):
            if !context.agreements.contains(where: { $0.number == number }) {
                context.agreements.insert(
                    Agreement(number: number, text: text, madeAt: now), at: context.agreements.partitionPoint { $0.number > number })
            }
            agreementsMade.append(number)
            undoable.append(.agreement(number: number))
        case .agreementRetired(let number):
            if let index = context.agreements.firstIndex(where: { $0.number == number }) {
                context.agreements[index].retiredAt = now
            }
            agreementsRetired.append(number)
            undoable.append(.retirement(number: number))
        case .spoke(let label):
            if let index = airtime.firstIndex(where: { Seat.key($0.label) == Seat.key(label) }) {
                airtime[index].turns += 1
            } else {
                airtime.append(Turns(label: label, turns: 1))
            }
            if !context.labels.contains(where: { Seat.key($0) == Seat.key(label) }) { context.labels.append(label) }
            undoable.append(.turn(label: label))
        case .relabeled(let from, let to):
            relabel(from: from, to: to)
        case .present(let count):
            headcount = count
            headcountByCategory = nil
            here = nil
        case .presentBy(let categories, let labels):
            headcount = categories.reduce(0) { $0 + $1.count }
            headcountByCategory = categories
            here = labels
        case .seated(let seat):
            context.roster.removeAll { Seat.key($0.label) == Seat.key(seat.label) }
            context.roster.append(seat)
        case .unseated(let label):
            context.roster.removeAll { Seat.key($0.label) == Seat.key(label) }
        case .pulseOpened(let number, let question, let threshold):
            if !pulses.contains(where: { $0.number == number }) {
                pulses.append(PulseState(number: number, question: question, openedAt: now, threshold: threshold ?? context.threshold))
            }
        case .pulseClosed(let number):
            if let index = pulses.firstIndex(where: { $0.number == number }), pulses[index].closedAt == nil {
                pulses[index].closedAt = now
                pulses[index].present = headcount
            }
        case .proposed(let number, let text, let method, let item):
            proposal = Proposal(number: number, text: text, method: method, item: item)
        case .stanceTaken(let label, let value):
            proposal?.open.removeAll { Seat.key($0.label) == Seat.key(label) }
            proposal?.open.append(Decision.OpenStance(label: label, value: value))
            undoable.append(.stance(label: label))
        case .decided(let decision):
            if !context.decisions.contains(where: { $0.number == decision.number }) {
                context.decisions.insert(decision, at: context.decisions.partitionPoint { $0.number > decision.number })
            }
            if proposal?.number == decision.number { proposal = nil }
            decisionsMade.append(decision.number)
            undoable.append(.decision(number: decision.number))
        case .resumed:
            // Time while the process was gone is not counted against the activity.
            if let open = visits.last, open.to == nil, let last = lastEventAt {
                closeVisit(at: last)
                visits.append(Visit(item: open.item, from: now))
                if timer?.isRunning == true {
                    timer?.apply(.pause, at: last)
                    timer?.apply(.resume, at: now)
                }
            }
        case .ended:
            closeVisit(at: now)
            endedAt = now
            timer = nil
        }
    }

    /// The one place a slip is taken back: what its event did, reversed, and the slip off the stack.
    private mutating func takeBack(_ slip: Undoable, at now: Date) {
        guard let position = undoable.lastIndex(of: slip) else { return }
        undoable.remove(at: position)
        undone.append(slip)
        func dropLast(_ number: Int, from list: inout [Int]) {
            if let index = list.lastIndex(of: number) { list.remove(at: index) }
        }
        switch slip {
        case .note(let number):
            notes.removeAll { $0.number == number }
        case .turn(let label):
            if let index = airtime.firstIndex(where: { Seat.key($0.label) == Seat.key(label) }) {
                airtime[index].turns -= 1
                if airtime[index].turns <= 0 { airtime.remove(at: index) }
            }
        case .conflict(let number):
            context.conflicts.removeAll { $0.number == number }
            dropLast(number, from: &conflictsRaised)
        case .resolution(let number):
            if let index = context.conflicts.firstIndex(where: { $0.number == number }) {
                context.conflicts[index].resolvedAt = nil
                context.conflicts[index].resolution = nil
            }
            dropLast(number, from: &conflictsResolved)
        case .commitment(let number):
            context.commitments.removeAll { $0.number == number }
            dropLast(number, from: &commitmentsMade)
        case .done(let number):
            if let index = context.commitments.firstIndex(where: { $0.number == number }) { context.commitments[index].doneAt = nil }
            dropLast(number, from: &commitmentsDone)
        case .agreement(let number):
            context.agreements.removeAll { $0.number == number }
            dropLast(number, from: &agreementsMade)
        case .retirement(let number):
            if let index = context.agreements.firstIndex(where: { $0.number == number }) { context.agreements[index].retiredAt = nil }
            dropLast(number, from: &agreementsRetired)
        case .decision(let number):
            // The proposal is open again, as it was before the record: the room can decide it anew.
            if let decision = context.decisions.first(where: { $0.number == number }) {
                proposal = Proposal(
                    number: number, text: decision.proposal, method: decision.method, item: nil, open: decision.open ?? [],
                    itemTitle: decision.item, options: decision.options)
            }
            context.decisions.removeAll { $0.number == number }
            dropLast(number, from: &decisionsMade)
        case .stance(let label):
            proposal?.open.removeAll { Seat.key($0.label) == Seat.key(label) }
        case .added(let key):
            if let index = agenda.firstIndex(where: { $0.key == key }), key != currentKey {
                let item = agenda.remove(at: index)
                changes.append(PlanChange(at: now, text: "took back the step added, \(item.title)"))
            }
        case .relabel(let from, let to, let turns, let at, let merged, let numbers):
            if turns > 0, let index = airtime.firstIndex(where: { Seat.key($0.label) == Seat.key(to) }) {
                if merged {
                    airtime[index].turns -= turns
                    if airtime[index].turns <= 0 { airtime.remove(at: index) }
                    if turns > 0 { airtime.insert(Turns(label: from, turns: turns), at: min(at, airtime.count)) }
                } else {
                    airtime[index].label = from
                }
            }
            for number in numbers {
                if let index = context.commitments.firstIndex(where: { $0.number == number }) { context.commitments[index].owner = from }
            }
            if !context.labels.contains(where: { Seat.key($0) == Seat.key(from) }) { context.labels.append(from) }
        case .dropped(let key, let index):
            if let position = dropped.lastIndex(where: { $0.key == key }) {
                let item = dropped.remove(at: position)
                agenda.insert(item, at: min(max(0, index), agenda.count))
                changes.append(PlanChange(at: now, text: "put back \(item.title) as step \(min(index, agenda.count - 1) + 1)"))
            }
        }
    }

    public func note(number: Int) -> Note? { notes.first { $0.number == number } }

    /// The commitments this session made whose owner is `label` (however it is typed).
    public func commitmentsMade(by label: String) -> [Int] {
        context.commitments.filter { commitmentsMade.contains($0.number) && Seat.key($0.owner) == Seat.key(label) }.map(\.number)
    }

    /// `/relabel`: OLD's turns join NEW's (or OLD's row is renamed, keeping its place), and the
    /// commitments this session made under OLD become NEW's.
    private mutating func relabel(from: String, to: String) {
        let numbers = commitmentsMade(by: from)
        var turns = 0
        var at = airtime.count
        var merged = false
        if let index = airtime.firstIndex(where: { Seat.key($0.label) == Seat.key(from) }) {
            turns = airtime[index].turns
            at = index
            if let target = airtime.firstIndex(where: { Seat.key($0.label) == Seat.key(to) }) {
                merged = true
                airtime[target].turns += turns
                airtime.remove(at: index)
            } else {
                airtime[index].label = to
            }
        }
        for number in numbers {
            if let index = context.commitments.firstIndex(where: { $0.number == number }) { context.commitments[index].owner = to }
        }
        context.labels.removeAll { Seat.key($0) == Seat.key(from) }
        if !context.labels.contains(where: { Seat.key($0) == Seat.key(to) }) { context.labels.append(to) }
        undoable.append(.relabel(from: from, to: to, turns: turns, at: at, merged: merged, commitments: numbers))
    }

    /// Adds anonymous answers just admitted, at their keys' places; they are not events.
    public mutating func record(_ answers: [(key: Data, answer: PulseAnswer)], pulse number: Int) {
        guard let index = pulses.firstIndex(where: { $0.number == number }) else { return }
        for (key, answer) in answers { pulses[index].insert(answer, key: key) }
    }

    /// Adds answers that have no key (generated histories, tests), in the order given.
    public mutating func record(_ answers: [PulseAnswer], pulse number: Int) {
        guard let index = pulses.firstIndex(where: { $0.number == number }) else { return }
        pulses[index].append(answers)
    }

    /// Applies an event as `apply` does and, when it closes a pulse, seals it: what the pulse keeps
    /// is decided here from the answers in memory, under the larger of its promised k and the
    /// group's now, and the state keeps exactly that (as the store will). Replaying stored events
    /// uses `apply` alone: the stored answers are sealed already.
    public mutating func applySealing(_ event: SessionEvent) -> PulseSeal? {
        let open = openPulse?.number
        apply(event)
        guard case .pulseClosed(let number) = event.change, number == open,
            let index = pulses.firstIndex(where: { $0.number == number })
        else { return nil }
        let seal = PulseSeal(closing: pulses[index], groupThreshold: context.threshold, owner: segmentOwner(of: pulses[index].question.text))
        pulses[index].apply(seal)
        return seal
    }

    /// The division `question` was already shown by: in the group's other sessions, or in a pulse
    /// closed earlier in this one.
    public func segmentOwner(of question: String) -> PulseSegments? {
        if let owner = context.segmentLedger.owner(of: question) { return owner }
        let key = SegmentLedger.key(question)
        return pulses.first { SegmentLedger.key($0.question.text) == key && $0.storedSegments?.isShown == true }?.question.segments
    }

    /// The group's segment questions: declared, asked in its other sessions, or asked here.
    public var segmentQuestions: [PulseSegments] {
        context.segmentQuestions + pulses.compactMap(\.question.segments).filter { !$0.byCategory }
    }

    /// Puts a pulse's answers as the store holds them (in key order) and, once closed, its final count.
    public mutating func load(_ answers: [(key: Data, answer: PulseAnswer)], closedCount: Int?, segments: SegmentBreakdown?, pulse number: Int) {
        guard let index = pulses.firstIndex(where: { $0.number == number }) else { return }
        pulses[index].load(answers)
        pulses[index].storedSegments = segments
        // An open pulse's segments live only in memory: after a stop they are gone.
        pulses[index].segmentsLost = closedCount == nil && pulses[index].question.segments != nil && !answers.isEmpty
        pulses[index].withheld = max(0, (closedCount ?? 0) - answers.count)
    }

    private mutating func closeVisit(at date: Date) {
        guard let last = visits.indices.last, visits[last].to == nil else { return }
        visits[last].to = max(date, visits[last].from)
    }

    public var isEnded: Bool { endedAt != nil }

    public var currentIndex: Int? { currentKey.flatMap { key in agenda.firstIndex { $0.key == key } } }

    public var currentItem: AgendaItem? { currentIndex.map { agenda[$0] } }

    public func item(key: Int) -> AgendaItem? { agenda.first { $0.key == key } ?? dropped.first { $0.key == key } }

    /// Seconds spent on an item so far, counting an open visit up to `now`.
    public func secondsSpent(on key: Int, now: Date? = nil) -> TimeInterval {
        visits.filter { $0.item == key }.reduce(0) { total, visit in
            total + max(0, (visit.to ?? now ?? visit.from).timeIntervalSince(visit.from))
        }
    }

    public func notes(for key: Int) -> [Note] { notes.filter { $0.item == key } }

    public var plannedMinutes: Int { agenda.reduce(0) { $0 + $1.plannedMinutes } }

    /// The pulse that is open now, if any: only one at a time.
    public var openPulse: PulseState? { pulses.last { !$0.isClosed } }

    public var nextItemKey: Int { (agenda + dropped).map(\.key).max().map { $0 + 1 } ?? 1 }
}
