import Foundation

/// Anonymous pulses: open, close, results. Answers never pass through here as events.
extension Facilitator {
    /// Library questions used when the facilitator just types /checkin or /checkout.
    static let checkinQuestions = ["arrival-weather", "energy-in-the-room"]
    static let checkoutQuestions = ["worth-your-time"]

    func question(for request: Command.PulseRequest, state: SessionState) throws(CoreError) -> PulseQuestion {
        func fromLibrary(_ id: String) throws(CoreError) -> PulseQuestion {
            guard let activity = library[id] else { throw unknown(id, what: "pulse question") }
            guard let pulse = activity.pulse else {
                throw .usage(
                    "\"\(clean(id))\" is an activity, not a pulse question\(activity.followWith.map { ": its follow-up question is \($0)" } ?? "")")
            }
            return PulseQuestion(activity, pulse: pulse)
        }
        let current = state.currentItem.flatMap { library[$0.activityID] }
        func firstAvailable(_ ids: [String], measure: PulseSpec.Measure) throws(CoreError) -> PulseQuestion {
            // The current step's question only when it asks the same thing: a check-out is about worth.
            if let current, current.pulse?.measures == measure { return try fromLibrary(current.id) }
            if let id = ids.first(where: { library[$0]?.isPulse == true }) { return try fromLibrary(id) }
            if let any = library.sortedActivities.first(where: { $0.pulse?.measures == measure }) { return try fromLibrary(any.id) }
            return PulseQuestion(
                text: measure == .worth ? "Was this session worth your time?" : "How are you arriving today?",
                textES: measure == .worth ? "¿Valió la pena dedicarle tu tiempo a esta sesión?" : "¿Cómo llegas hoy?", answer: .scale,
                scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "completely", lowLabelES: "para nada", highLabelES: "por completo"),
                measures: measure)
        }
        switch request {
        case .checkin:
            return try firstAvailable(Self.checkinQuestions, measure: .energy)
        case .checkout:
            return try firstAvailable(Self.checkoutQuestions, measure: .worth)
        case .current:
            if let current, current.isPulse { return try fromLibrary(current.id) }
            if let follow = current?.followWith { return try fromLibrary(follow) }
            throw .usage("the current activity is not a pulse: /pulse ID asks a library question, /pulse \"TEXT\" --scale 1-5 your own")
        case .library(let id):
            return try fromLibrary(id)
        case .adHoc(let text, let answer, let scale):
            return PulseQuestion(text: text, answer: answer, scale: scale)
        case .segmented(let inner, let by, _):
            var question = try question(for: inner, state: state)
            guard question.answer == .scale || question.answer == .traffic else {
                throw .usage("only a scale or traffic-light pulse can be asked by segment (results by segment are counts and means)")
            }
            let segments = try segments(for: by, state: state)
            // One question, one division of the room: its segments under a second one could be
            // subtracted from the first (County 5 beside "County or parent" 6 gives the parent).
            if let owner = state.segmentOwner(of: question.text), owner.identity != segments.identity {
                throw .refused(
                    "“\(clean(question.text))” was already shown by \(owner.summary): by another division of the room, a group smaller than k could be worked out by subtraction. Ask it \(owner.byArgument), or without --by"
                )
            }
            question.segments = segments
            return question
        }
    }

    /// What a segmented pulse can show with the room as counted: below 2k present, a segment can
    /// be shown only if everyone picks the same one (any other split leaves a remainder under k),
    /// so it would ask everyone an extra question for nothing. Nil when it can show something.
    public func segmentWarning(_ state: SessionState, _ request: Command.PulseRequest) -> String? {
        guard case .segmented = request, let present = state.headcount else { return nil }
        let k = state.context.threshold
        guard present < 2 * k else { return nil }
        return
            "with \(present) present and k = \(k), results by segment can be shown only if at least \(2 * k) answer (a segment of \(k) and \(k) more beside it), or if everyone picks the same segment"
    }

    func openPulse(_ state: SessionState, _ request: Command.PulseRequest, now: Date) throws(CoreError) -> Step {
        if let open = state.openPulse {
            throw .refused("pulse \(open.number) is still open: /close it first (a pulse is closed for good before the next)")
        }
        if case .segmented(_, _, false) = request, let warning = segmentWarning(state, request) {
            throw .refused(warning + ": add --force to ask it anyway, or ask it without --by")
        }
        let question = try question(for: request, state: state)
        let number = nextNumber(state.pulses.map(\.number))
        let step = apply(state, [SessionEvent(at: now, .pulseOpened(number: number, question: question, threshold: state.context.threshold))])
        var output: [OutputLine] = [
            .heading("Pulse \(number) is open: “\(clean(question.text))”"),
            .dim("Answers: \(question.answerHint)."),
            .dim(
                "/pass runs a pass-the-keyboard round; /close ends the pulse. Results appear only after closing, and only from \(state.context.threshold) answers."
            ),
        ]
        if question.reverse {
            output.append(.dim("This question is reverse-worded: a high answer means less \(question.measures?.rawValue ?? "of it")."))
        }
        if let segments = question.segments {
            output.append(
                .dim(
                    "Asked first: “\(clean(segments.question))” (\(segments.choices.map(clean).joined(separator: ", "))). Results by segment show only segments of at least \(state.context.threshold) answers that keep the others hidden."
                ))
        }
        return Step(state: step.state, events: step.events, output: output)
    }

    func closePulse(_ state: SessionState, now: Date) throws(CoreError) -> Step {
        guard let open = state.openPulse else { throw .refused("no pulse is open") }
        var step = apply(state, [SessionEvent(at: now, .pulseClosed(number: open.number))])
        let closed = step.state.pulses.first { $0.number == open.number }!
        let result = PulseResult(pulse: closed, threshold: state.context.threshold, present: state.headcount)
        step.output = [OutputLine("Pulse \(open.number) closed; it cannot reopen (asking again makes a new pulse).", .success)] + result.lines()
        if let stance = closed.question.stance {
            // The verdict only from what may be shown: under k, whether anyone blocked is an answer too.
            let rule = state.context.rule(for: stance.method)
            if result.revealed {
                let verdict = rule.verdict(closed.valueCounts, stance: stance)
                step.output.append(
                    OutputLine(
                        "Under the rule (\(rule.description)): \(verdict.text)"
                            + (verdict.accepted.map { $0 ? " · accepted" : " · not accepted" } ?? ""),
                        verdict.accepted == false ? .warning : .emphasis))
            } else {
                step.output.append(.dim("The stance is not shown, so no verdict either: whether anyone blocked would tell an answer."))
            }
            step.output.append(.dim("/decided TEXT records the decision (review +3m to look again); /deferred TEXT if it waits."))
        }
        return step
    }

    func results(_ state: SessionState, _ number: Int?) throws(CoreError) -> Step {
        let pulse: PulseState
        if let number {
            guard let found = state.pulses.first(where: { $0.number == number }) else {
                throw .usage("no pulse \(number) in this session (there \(state.pulses.count == 1 ? "is 1" : "are \(state.pulses.count)"))")
            }
            pulse = found
        } else {
            guard let last = state.pulses.last else { throw .refused("no pulse yet: /checkin, /checkout or /pulse opens one") }
            pulse = last
        }
        return Step(state: state, output: PulseResult(pulse: pulse, threshold: state.context.threshold, present: state.headcount).lines())
    }
}
