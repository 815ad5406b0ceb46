extension PlanGenerator {
    /// One try at a plan: `exact` when it fills its minutes; otherwise its notes say why not.
    struct Draft: Sendable {
        var plan: Plan
        var exact: Bool
    }

    /// The process cards chosen for one try, before they are put in order.
    struct Choice: Sendable {
        var cards: [Activity] = []
        var notes: [String] = []
        var signalPick: Activity?

        func has(_ phase: Phase) -> Bool { cards.contains { $0.phase == phase } }
        func contains(_ id: String) -> Bool { cards.contains { $0.id == id } }
    }

    func attempt(_ request: Request, pools: Pools, target: SignalTarget?, strict: Bool, random: inout some RandomNumberGenerator) -> Draft? {
        let minutes = request.minutes
        let decideItems = request.items.filter { $0.purpose == .decide }
        let protocols = decideItems.compactMap { library[($0.method ?? Self.defaultMethod).cardID] }
        let language = request.languages.isEmpty ? nil : library[Self.languageCard]
        let pauseMinutes = pools.pause.map { pools.minutes($0).typical } ?? 0
        let breakCount = pools.pause == nil ? 0 : Self.breaks(for: minutes, breakMinutes: pauseMinutes)
        // Without items, a meeting from an hour on decides something before it closes.
        let decides = !decideItems.isEmpty || (request.items.isEmpty && minutes >= 60)
        guard let frame = frame(request, pools: pools, decides: decides, strict: strict, random: &random) else { return nil }
        let pulse = minutes >= Self.pulseFrom ? pulse(request, target: target, random: &random) : nil

        var choice = Choice()
        var total =
            frame.total + request.items.reduce(0) { $0 + $1.minutes } + breakCount * pauseMinutes + (pulse == nil ? 0 : Plan.pulseMinutes)
            + (protocols + [language].compactMap { $0 }).reduce(0) { $0 + pools.minutes($1).typical }
        // The same at each card's minimum: what the fit can trim down to.
        var least =
            total - frame.total + frame.opener.minutes(for: request.groupSize, interpreted: pools.interpreted).min
            + frame.closer.minutes(for: request.groupSize, interpreted: pools.interpreted).min
            - (protocols + [language].compactMap { $0 }).reduce(0) { $0 + pools.minutes($1).typical - pools.minutes($1).min }
        // Typical minutes may run a little over: the fit trims back toward each card's minimum.
        func room() -> Int { Int(Double(minutes) * 1.05) - total }
        // What the meeting's needs (trust before a decision, context, commitments) may use.
        func roomAtLeast() -> Int { minutes - least }
        func add(_ activity: Activity) {
            choice.cards.append(activity)
            total += pools.minutes(activity).typical
            least += pools.minutes(activity).min
        }
        func options(_ phases: [Phase], where condition: (Activity) -> Bool = { _ in true }) -> [Activity] {
            phases.flatMap(pools.of).filter { activity in
                activity.id != Self.languageCard && !choice.contains(activity.id) && condition(activity)
            }
        }
        func choose(_ phases: [Phase], where condition: (Activity) -> Bool = { _ in true }) -> Activity? {
            pick(options(phases) { condition($0) && pools.minutes($0).min <= room() }, recent: request.recent, strict: strict, random: &random)
        }
        func need(_ phases: [Phase], where condition: (Activity) -> Bool) -> Activity? {
            pick(options(phases) { condition($0) && pools.minutes($0).min <= roomAtLeast() }, recent: request.recent, strict: strict, random: &random)
        }

        // The signal's activity comes first, so that everything else is fitted around it.
        if let target {
            guard
                let signalPick = pick(
                    target.candidates.filter { !choice.contains($0.id) && pools.minutes($0).min <= room() }, recent: request.recent,
                    strict: strict, random: &random)
            else { return nil }
            choice.signalPick = signalPick
            add(signalPick)
        }
        if !decideItems.isEmpty {
            // Trust work before a contested item; context before a decision; commitments after, chosen
            // first: owners and dates matter more than another activity before the decision.

            if let commitments = need([.decide], where: { Self.commitmentCards.contains($0.id) }) {
                add(commitments)
            } else {
                choice.notes.append("No commitments activity fits after the decisions: take owners and dates with /commit as each decision is made.")
            }
            if !choice.cards.contains(where: { $0.kind == .trust && $0.intensity != .high }) {
                if let trust = need([.connect, .work], where: { $0.kind == .trust && $0.intensity != .high }) {
                    add(trust)
                } else {
                    choice.notes.append("No trust-building activity fits before the decisions in \(minutes) minutes.")
                }
            }
            let firstDecide = request.items.firstIndex { $0.purpose == .decide } ?? 0
            let informed = request.items[..<firstDecide].contains { $0.purpose != .decide }
            if !choice.has(.context) {
                if let context = need([.context], where: { _ in true }) {
                    add(context)
                } else if !informed {
                    choice.notes.append("No context activity fits before the first decision; send the background ahead.")
                }
            }
        } else if request.items.isEmpty {
            // A meeting has work in it; from an hour on, it decides something before it closes.
            if !choice.has(.work) {
                guard let work = choose([.work]) else { return nil }
                add(work)
            }
            if minutes >= 60, !choice.has(.decide) {
                if let decide = choose([.decide]) {
                    add(decide)
                } else if choice.signalPick == nil || minutes >= 90 {
                    return nil
                }
            }
        }
        // Process fills around the items, not beside them: with items, no free-floating work.
        let fillPhases: [Phase] = request.items.isEmpty ? Self.body : decideItems.isEmpty ? [.connect, .context] : [.connect, .context, .decide]
        // One commitments activity is enough: a second one asks for the same owners and dates again.
        func oneCommitment(_ activity: Activity) -> Bool {
            !Self.commitmentCards.contains(activity.id) || !choice.cards.contains { Self.commitmentCards.contains($0.id) }
        }
        for value in request.focus.shuffled(using: &random) where !(choice.cards + protocols).contains(where: { $0.values.contains(value) }) {
            if let card = choose(Self.body, where: { $0.values.contains(value) && oneCommitment($0) }) {
                add(card)
            } else if request.items.isEmpty {
                return nil
            }
        }
        // Fill with whole activities at their typical minutes, the arc's missing phases first.
        while Double(total) < Double(minutes) * 0.95 {
            let fits: (Activity) -> Bool = { pools.minutes($0).typical <= room() && oneCommitment($0) }
            let missing = fillPhases.filter { !choice.has($0) }.shuffled(using: &random)
            guard
                let card = pick(options(missing, where: fits), recent: request.recent, strict: strict, random: &random)
                    ?? pick(options(fillPhases, where: fits), recent: request.recent, strict: strict, random: &random)
            else { break }
            add(card)
        }
        // Exposure comes after trust: with a high-intensity item there must be a trust item before it
        // (one that is not high exposure itself, such as a trust-gap conversation).
        if choice.cards.contains(where: { $0.intensity == .high }) && !choice.cards.contains(where: { $0.kind == .trust && $0.intensity != .high }) {
            if let trust = choose(Self.body, where: { $0.kind == .trust && $0.intensity != .high }) {
                add(trust)
            } else {
                guard choice.signalPick?.intensity != .high else { return nil }
                choice.cards.removeAll { $0.intensity == .high }
                guard !request.items.isEmpty || choice.has(.work) else { return nil }
            }
        }
        // The items come first: a value the process cannot also cover is named, not forced in.
        for value in request.focus where !(choice.cards + protocols).contains(where: { $0.values.contains(value) }) {
            choice.notes.append("The items leave no room for an activity on \(value.rawValue).")
        }
        guard !request.items.isEmpty || request.focus.allSatisfy({ value in (choice.cards + protocols).contains { $0.values.contains(value) } })
        else { return nil }
        // A closing that asks what was decided needs a decision to ask about.
        if frame.closer.asksWhatWasDecided && decideItems.isEmpty && !choice.has(.decide) { return nil }
        return assemble(
            request, pools: pools, choice: choice, frame: frame, pulse: pulse, language: language, breakCount: breakCount, target: target)
    }
}
