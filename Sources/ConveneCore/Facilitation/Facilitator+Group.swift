import Foundation

/// Conflicts, commitments and working agreements: they belong to the group and carry across sessions.
extension Facilitator {
    func nextNumber(_ numbers: [Int]) -> Int { (numbers.max() ?? 0) + 1 }

    /// The next number for a conflict, commitment, agreement or decision: past any taken back in
    /// this session too, so "Taken back: commitment 3" never sits beside another commitment 3.
    func nextNumber(_ numbers: [Int], undone: (Undoable) -> Int?, in state: SessionState) -> Int {
        nextNumber(numbers + state.undone.compactMap(undone))
    }

    func raiseConflict(_ state: SessionState, _ text: String, now: Date) -> Step {
        let number = nextNumber(state.context.conflicts.map(\.number), undone: { if case .conflict(let n) = $0 { n } else { nil } }, in: state)
        return apply(
            state, [SessionEvent(at: now, .conflictRaised(number: number, text: text))],
            output: [OutputLine("Conflict \(number) recorded; it stays on the group's list until /resolve \(number).", .success)])
    }

    func resolveConflict(_ state: SessionState, _ number: Int, note: String?, now: Date) throws(CoreError) -> Step {
        guard let conflict = state.context.conflicts.first(where: { $0.number == number }) else {
            throw .usage("no conflict \(number): /conflicts lists the open ones")
        }
        guard conflict.resolvedAt == nil else { throw .refused("conflict \(number) is already resolved") }
        return apply(
            state, [SessionEvent(at: now, .conflictResolved(number: number, note: note))],
            output: [OutputLine("Conflict \(number) resolved: \(clean(conflict.text))", .success)])
    }

    func conflictLines(_ state: SessionState) -> [OutputLine] {
        let open = state.context.openConflicts
        guard !open.isEmpty else { return [.dim("No open conflicts. /conflict TEXT records one surfaced in the room.")] }
        return [.heading("Open conflicts")]
            + open.map { conflict in
                OutputLine("  \(conflict.number). \(clean(conflict.text)) · \(SessionAge.conflictText(conflict.sessionsOpen))")
            }
    }

    func commit(_ state: SessionState, owner: String, action: String, due input: DueInput, now: Date) throws(CoreError) -> Step {
        let due = resolve(input, now: now)
        if case .day(let day) = due, day < dayString(now) {
            throw .usage("\(day) is already past: a commitment is due today or later")
        }
        let number = nextNumber(
            state.context.commitments.map(\.number), undone: { if case .commitment(let n) = $0 { n } else { nil } }, in: state)
        // The owner keeps the spelling of its seat (or its first one), so commitments count under its category.
        let owner = state.label(for: owner)
        var step = apply(
            state, [SessionEvent(at: now, .committed(number: number, owner: owner, action: action, due: due))],
            output: [OutputLine("Commitment \(number): \(clean(owner)) will \(clean(action)) (\(due.label)).", .success)])
        // An owner without a seat is asked about once: at its first commitment, when the group has a roster.
        if !state.context.roster.isEmpty, state.context.roster.seat(owner) == nil,
            !state.context.commitments.contains(where: { Seat.key($0.owner) == Seat.key(owner) })
        {
            step.output += categoryHint(state, label: owner)
            step.effects.append(.askCategory(label: owner))
        }
        return step
    }

    func markDone(_ state: SessionState, _ number: Int, now: Date) throws(CoreError) -> Step {
        guard let commitment = state.context.commitments.first(where: { $0.number == number }) else {
            throw .usage("no commitment \(number): /commitments lists the open ones")
        }
        guard commitment.doneAt == nil else { throw .refused("commitment \(number) is already done") }
        return apply(
            state, [SessionEvent(at: now, .commitmentDone(number: number))],
            output: [OutputLine("Done: \(clean(commitment.owner)), \(clean(commitment.action)).", .success)])
    }

    func commitmentLines(_ state: SessionState, now: Date) -> [OutputLine] {
        let open = state.context.openCommitments
        guard !open.isEmpty else { return [.dim("No open commitments. /commit OWNER: ACTION [by DATE] records one.")] }
        return [.heading("Open commitments")]
            + open.sorted { urgency($0) < urgency($1) }.map { commitment in
                let status = dueStatus(commitment, state: state, now: now)
                return OutputLine(
                    "  \(commitment.number). \(clean(commitment.owner)): \(clean(commitment.action)) · \(status.text)",
                    status.late ? .warning : .plain)
            } + ownershipLines(state)
    }

    func agree(_ state: SessionState, _ text: String, now: Date) -> Step {
        let number = nextNumber(
            state.context.agreements.map(\.number), undone: { if case .agreement(let n) = $0 { n } else { nil } }, in: state)
        return apply(
            state, [SessionEvent(at: now, .agreed(number: number, text: text))],
            output: [OutputLine("Working agreement \(number) added; it opens every session from now on.", .success)])
    }

    func retire(_ state: SessionState, _ number: Int, now: Date) throws(CoreError) -> Step {
        guard let agreement = state.context.agreements.first(where: { $0.number == number }) else {
            throw .usage("no working agreement \(number): /agreements lists them")
        }
        guard agreement.retiredAt == nil else { throw .refused("agreement \(number) is already retired") }
        return apply(
            state, [SessionEvent(at: now, .agreementRetired(number: number))],
            output: [OutputLine("Retired agreement \(number): \(clean(agreement.text))", .success)])
    }

    func agreementLines(_ state: SessionState) -> [OutputLine] {
        let active = state.context.activeAgreements
        guard !active.isEmpty else { return [.dim("No working agreements yet. /agree TEXT adds one.")] }
        return [.heading("Working agreements")] + active.map { OutputLine("  \($0.number). \(clean($0.text))") }
    }

    /// What a session opens with: agreements, open conflicts and their age, commitments due.
    public func carriedLines(_ state: SessionState, now: Date) -> [OutputLine] {
        var lines: [OutputLine] = []
        if !state.context.activeAgreements.isEmpty { lines += agreementLines(state) }
        if !state.context.openConflicts.isEmpty { lines += conflictLines(state) }
        if !state.context.openCommitments.isEmpty { lines += commitmentLines(state, now: now) }
        lines += reviewLines(state, now: now)
        return lines
    }

    // MARK: - Dates

    func dayString(_ date: Date) -> String { clock.day(date) }

    func resolve(_ input: DueInput, now: Date) -> Due {
        switch input {
        case .none: return .none
        case .nextSession: return .nextSession
        case .day(let year, let month, let day): return .day(String(format: "%04d-%02d-%02d", year, month, day))
        case .inDays(let days):
            return .day(dayString(clock.adding(days: days, to: now)))
        }
    }

    /// Sort key: due next session first, then by date, then undated.
    func urgency(_ commitment: Commitment) -> String {
        switch commitment.due {
        case .day(let day): return "1" + day
        case .nextSession: return "0"
        case .none: return "2"
        }
    }

    /// How a commitment stands today. A "next session" one is due in the session after it was
    /// made and overdue from the one after that, like a dated one after its day.
    func dueStatus(_ commitment: Commitment, state: SessionState, now: Date) -> (text: String, late: Bool) {
        let today = dayString(now)
        let sessions = SessionAge.carried(commitment.sessionsOpen)
        let carried = sessions > 0 ? ", carried \(Plural.count(sessions, "session"))" : ""
        switch commitment.due {
        case .day(let day) where day < today: return ("overdue since \(day)\(carried)", true)
        case .day(let day) where day == today: return ("due today\(carried)", true)
        case .day(let day): return ("due \(day)\(carried)", false)
        case .nextSession where sessions == 0: return ("due next session", false)
        case .nextSession where sessions == 1: return ("due this session", true)
        case .nextSession:
            // It fell due in the session after the one it was made in.
            let fellDue = state.context.sessionNumber - sessions + 1
            return ("overdue since session \(fellDue)\(carried)", true)
        case .none: return ("no date\(carried)", false)
        }
    }
}
