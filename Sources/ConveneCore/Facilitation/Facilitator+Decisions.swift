import Foundation

/// The group's business: its agenda items, proposals, the room's stance and the decisions log.
extension Facilitator {
    /// An item's lines on its step's card: what it is for and how the room takes it.
    func businessLines(_ business: BusinessItem) -> [OutputLine] {
        var lines: [OutputLine] = [OutputLine(business.label, .emphasis)]
        switch business.purpose {
        case .inform:
            lines.append(.dim("For the room to hear and ask about: no decision is taken. Notes record the questions."))
        case .discuss:
            lines.append(.dim("For the room to weigh: no decision today. /note records what is said; /conflict what is contested."))
        case .decide:
            let method = business.method ?? .gradients
            lines.append(
                .dim(
                    "To decide by \(method.name): /propose TEXT states it, /decide takes the room's stance, /decided TEXT records it (/show \(method.cardID) for the method's card)."
                ))
        }
        return lines
    }

    func currentItemLines(_ state: SessionState) -> [OutputLine] {
        if let business = state.currentItem?.business { return [.heading("The group's item now")] + businessLines(business) }
        let items = state.agenda.enumerated().compactMap { index, item in item.business.map { "  \(index + 1). \($0.label)" } }
        let now =
            state.currentItem.map { "The current step is \(clean($0.title)), a process step, not one of the group's items." } ?? "No current step."
        guard !items.isEmpty else { return [.dim(now + " The plan has no items of the group's own: /add-item TITLE: PURPOSE MINUTES adds one.")] }
        return [.dim(now + " The group's items:")] + items.map { OutputLine($0) }
    }

    func addItem(_ state: SessionState, _ business: BusinessItem, now: Date) -> Step {
        let index = (state.currentIndex ?? (state.agenda.count - 1)) + 1
        let item = AgendaItem(key: state.nextItemKey, activityID: "", title: business.title, plannedMinutes: business.minutes, business: business)
        let step = apply(state, [SessionEvent(at: now, .added(item: item, index: index))])
        return Step(
            state: step.state, events: step.events,
            output: [OutputLine("Added \(business.label) as step \(index + 1); the plan is now \(step.state.plannedMinutes) min.", .success)])
    }

    /// The stance round (a pulse) of the open proposal, the latest if it was taken again.
    func stancePulse(_ state: SessionState, proposal: Int) -> PulseState? {
        state.pulses.last { $0.question.stance?.proposal == proposal }
    }

    func propose(_ state: SessionState, _ text: String, now: Date) throws(CoreError) -> Step {
        if let open = state.proposal {
            throw .refused("proposal \(open.number) is still open: /decided TEXT or /deferred TEXT closes it first")
        }
        guard text.count <= BusinessItem.maxTitleLength * 2, !PulseAnswer.hasControlCharacters(text) else {
            throw .usage("a proposal is at most \(BusinessItem.maxTitleLength * 2) characters of plain text")
        }
        let business = state.currentItem?.business
        let method = business?.method ?? state.context.decisionRule?.method ?? .gradients
        let number = nextNumber(
            state.context.decisions.map(\.number) + [state.proposal?.number ?? 0], undone: { if case .decision(let n) = $0 { n } else { nil } },
            in: state)
        let step = apply(
            state, [SessionEvent(at: now, .proposed(number: number, text: text, method: method, item: business == nil ? nil : state.currentKey))])
        var output: [OutputLine] = [
            OutputLine("Proposal \(number): \(clean(text))", .success),
            .dim(
                "To be decided by \(method.name) under the rule \(state.context.rule(for: method).description). /decide takes the room's stance (/decide METHOD for another method); /deferred TEXT if it waits."
            ),
        ]
        if let business, business.purpose != .decide {
            output.append(
                OutputLine("The current item is for the room to \(business.purpose.rawValue), not to decide: is this the moment?", .warning))
        }
        return Step(state: step.state, events: step.events, output: output)
    }

    /// The quorum check said before a stance is taken, and kept with the record.
    func quorumLines(_ state: SessionState) -> [OutputLine] {
        let quorum = state.context.quorum
        guard !quorum.isEmpty else { return [] }
        guard let missing = quorum.missing(present: state.headcountByCategory) else {
            return [
                OutputLine(
                    "The quorum (\(quorum.text)) cannot be checked: the headcount is not by seat category. /present resident=3 grassroots=2 … or /here LABELS takes it that way.",
                    .warning)
            ]
        }
        guard !missing.isEmpty else { return [.dim("Quorum met (\(quorum.text)).")] }
        return [
            OutputLine(
                "Quorum NOT met: short of \(missing.joined(separator: ", ")) (the group's quorum is \(quorum.text)). You can go on; the record will say so, and the group may want to decide later or report back.",
                .warning)
        ]
    }

    func decide(_ state: SessionState, method asked: DecisionMethod?, options: [String], now: Date) throws(CoreError) -> Step {
        guard let proposal = state.proposal else { throw .refused("no proposal is open: /propose TEXT states what the room decides") }
        var events: [SessionEvent] = []
        var current = proposal
        if let asked, asked != proposal.method {
            events.append(SessionEvent(at: now, .proposed(number: proposal.number, text: proposal.text, method: asked, item: proposal.item)))
            current.method = asked
        }
        if current.method == .dotVote && options.isEmpty {
            throw .usage("a dot vote needs its options: /decide dot-vote Eastside,Northgate,Riverside")
        }
        let stance = Stance(proposal: current.number, method: current.method, options: options)
        if state.context.decisionsOnRecord {
            let step = apply(state, events)
            return Step(
                state: step.state, events: step.events,
                output: quorumLines(state) + [
                    OutputLine("Stances on the record for proposal \(current.number), by \(current.method.name).", .success),
                    .dim("/stance LABEL LEVEL for each seat; levels: \(stance.hint(in: .en)). Then /decided TEXT or /deferred TEXT."),
                ])
        }
        if let open = state.openPulse { throw .refused("pulse \(open.number) is still open: /close it first") }
        guard state.headcount != nil else { throw Self.headcountFirst }
        let number = nextNumber(state.pulses.map(\.number))
        events.append(
            SessionEvent(at: now, .pulseOpened(number: number, question: stance.question(proposal.text), threshold: state.context.threshold)))
        let step = apply(state, events)
        let output: [OutputLine] =
            quorumLines(state) + [
                .heading("Stance round \(number) is open on proposal \(current.number): “\(clean(proposal.text))”"),
                .dim("By \(current.method.name): \(stance.hint(in: .en))."),
                .dim(
                    "Anonymous, like a pulse: phones (/web on) or /pass; /close ends it. The support shows only after closing, and only from \(state.context.threshold) stances."
                ),
            ]
        return Step(state: step.state, events: step.events, output: output)
    }

    func takeStance(_ state: SessionState, label: String, level: String, now: Date) throws(CoreError) -> Step {
        guard let proposal = state.proposal else { throw .refused("no proposal is open: /propose TEXT states what the room decides") }
        guard state.context.decisionsOnRecord else {
            throw .refused(
                "this group takes stances anonymously (/decide, then phones or /pass); convene groups set NAME --decisions on-record puts them on the record"
            )
        }
        guard let seat = state.context.roster.first(where: { Seat.key($0.label) == Seat.key(label) }) else {
            throw .usage("\"\(clean(label))\" is not on the roster: /roster lists the seats, /seat LABEL CATEGORY adds one")
        }
        let stance = Stance(proposal: proposal.number, method: proposal.method, options: proposal.options)
        guard let value = stance.value(level) else {
            throw .usage("\"\(clean(level))\" is not a level of \(proposal.method.name): \(stance.hint(in: .en))")
        }
        let step = apply(state, [SessionEvent(at: now, .stanceTaken(label: seat.label, value: value))])
        return Step(
            state: step.state, events: step.events,
            output: [
                .dim(
                    "\(clean(seat.label)): \(stance.level(value)?.name ?? "\(value)") (\(Plural.count(step.state.proposal?.open.count ?? 0, "stance")) so far)"
                )
            ])
    }

    /// `/decided` and `/deferred`: the record, made from what the room showed.
    func record(_ state: SessionState, _ status: Decision.Status, _ text: String, review: DueInput, now: Date) throws(CoreError) -> Step {
        guard let proposal = state.proposal else {
            throw .refused("no proposal is open: /propose TEXT states what the room decides, /decide takes its stance")
        }
        guard text.count <= BusinessItem.maxTitleLength * 2, !PulseAnswer.hasControlCharacters(text) else {
            throw .usage("the outcome is at most \(BusinessItem.maxTitleLength * 2) characters of plain text")
        }
        let round = stancePulse(state, proposal: proposal.number)
        if let round, !round.isClosed { throw .refused("stance round \(round.number) is still open: /close it first, so the support can be read") }
        let rule = state.context.rule(for: proposal.method)
        let stance = round?.question.stance ?? Stance(proposal: proposal.number, method: proposal.method, options: proposal.options)
        var decision = Decision(
            number: proposal.number, proposal: proposal.text,
            item: proposal.item.flatMap { state.item(key: $0)?.business?.title } ?? proposal.itemTitle, method: proposal.method, status: status,
            outcome: text, rule: rule.description, present: state.headcount, presentByCategory: state.headcountByCategory, madeAt: now,
            options: stance.options)
        decision.acceptingLevel = rule.atLeast
        if !state.context.quorum.isEmpty {
            decision.quorumMissing = state.context.quorum.missing(present: state.headcountByCategory)
            decision.quorumUnchecked = decision.quorumMissing == nil
        }
        if state.context.decisionsOnRecord, !proposal.open.isEmpty {
            decision.open = proposal.open
            decision.stances = proposal.open.count
            let counts = Dictionary(proposal.open.map { ($0.value, 1) }, uniquingKeysWith: +)
            decision.support = counts
            decision.verdict = rule.verdict(counts, stance: stance)
        } else if let round {
            let result = PulseResult(pulse: round, threshold: state.context.threshold, present: round.present)
            decision.stances = round.count
            decision.threshold = result.threshold
            if result.revealed {
                decision.support = round.valueCounts
                decision.verdict = rule.verdict(round.valueCounts, stance: stance)
            }
        }
        if case .day(let day) = resolve(review, now: now) { decision.review = day }
        let step = apply(state, [SessionEvent(at: now, .decided(decision))])
        var output: [OutputLine] = [
            OutputLine(
                "\(status == .decided ? "Decision" : "Deferred") \(decision.number): \(clean(decision.proposal)) → \(clean(text))", .success),
            OutputLine(decision.supportLine(under: state.context.threshold), hang: 2),
        ]
        let presence = decision.presenceLine
        if !presence.isEmpty { output.append(.dim(presence)) }
        if let review = decision.review { output.append(.dim("Review on \(review): carried to the opening of the first session from then.")) }
        if decision.verdict?.accepted == false, status == .decided {
            output.append(
                OutputLine(
                    "The stance does not meet the group's rule: the record says so. /undo takes this back; when-consent-fails has ways forward.",
                    .warning))
        }
        return Step(state: step.state, events: step.events, output: output)
    }

    /// Decisions due for review (review date reached, not taken again since), for the opening.
    func dueDecisions(_ state: SessionState, now: Date) -> [Decision] {
        let today = dayString(now)
        let decisions = state.context.decisions
        return decisions.filter { decision in
            guard let review = decision.review, review <= today, !state.decisionsMade.contains(decision.number) else { return false }
            // Taken again (a later decision on the same proposal) closes the review.
            return !decisions.contains { later in later.number > decision.number && Seat.key(later.proposal) == Seat.key(decision.proposal) }
        }
    }

    func reviewLines(_ state: SessionState, now: Date) -> [OutputLine] {
        let due = dueDecisions(state, now: now)
        guard !due.isEmpty else { return [] }
        return [.heading("Decisions due for review")]
            + due.map { OutputLine("  \($0.number). \(clean($0.proposal)) → \(clean($0.outcome)) · review \($0.review ?? "")", hang: 6) }
    }

    func decisionLines(_ state: SessionState, now: Date) -> [OutputLine] {
        let decisions = state.context.decisions
        guard !decisions.isEmpty || state.proposal != nil else {
            return [.dim("No decisions yet. /propose TEXT states one, /decide takes the room's stance, /decided TEXT records it.")]
        }
        var lines: [OutputLine] = [.heading("Decisions")]
        for decision in decisions.suffix(10) {
            lines.append(
                OutputLine(
                    "  \(decision.number). \(clean(decision.proposal)) → \(decision.status == .deferred ? "deferred: " : "")\(clean(decision.outcome))",
                    hang: 6))
            lines.append(OutputLine("     " + decision.supportLine(under: state.context.threshold), .dim, hang: 6))
        }
        if let open = state.proposal { lines.append(OutputLine("Open: proposal \(open.number), \(clean(open.text))", .emphasis)) }
        return lines + reviewLines(state, now: now)
    }
}
