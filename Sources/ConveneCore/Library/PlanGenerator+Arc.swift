extension PlanGenerator {
    /// The chosen activities in the order a meeting runs: by phase, then trust before exposure
    /// within a phase, so the trust rule holds wherever the high-intensity item falls.
    static func arc(_ chosen: [Activity]) -> [Activity] {
        chosen.sorted {
            ($0.phase ?? .work, rank[$0.kind] ?? 9, $0.intensity, $0.id) < ($1.phase ?? .work, rank[$1.kind] ?? 9, $1.intensity, $1.id)
        }
    }

    /// One entry of the plan being put together, with the minutes it may take.
    struct Slot: Sendable {
        var item: Plan.Item
        var range: Activity.Minutes
        var flexible: Bool
        /// No break between this slot and the next (an item and its decision protocol, the
        /// interpretation set-up and the opening).
        var joinsNext = false
        var activity: Activity?
    }

    /// The plan in meeting order: interpretation set-up before anyone speaks, the opening, an
    /// arrival pulse, connect and context work, the items in order (the decide-phase preparation
    /// before the first decision, each decision followed by its protocol), commitments, a pulse on
    /// the meeting itself, the closing; then minutes fitted and breaks placed.
    func assemble(
        _ request: Request, pools: Pools, choice: Choice, frame: Frame, pulse: (pulse: Activity, reason: String)?, language: Activity?,
        breakCount: Int, target: SignalTarget?
    ) -> Draft? {
        func card(_ activity: Activity, joinsNext: Bool = false) -> Slot {
            Slot(item: Plan.Item(id: activity.id), range: pools.minutes(activity), flexible: true, joinsNext: joinsNext, activity: activity)
        }
        func fixed(_ item: Plan.Item, _ minutes: Int, activity: Activity? = nil) -> Slot {
            Slot(item: item, range: .init(min: minutes, typical: minutes, max: minutes), flexible: false, activity: activity)
        }
        let ordered = Self.arc(choice.cards)
        let before = ordered.filter { $0.phase != .decide }
        let commitments = ordered.filter { Self.commitmentCards.contains($0.id) }
        let preparing = ordered.filter { $0.phase == .decide && !Self.commitmentCards.contains($0.id) }
        var slots: [Slot] = []
        if let language { slots.append(card(language, joinsNext: true)) }
        // The opening and closing may be trimmed toward their minimum, never stretched past their share.
        func framed(_ activity: Activity, _ minutes: Int) -> Slot {
            let low = min(minutes, pools.minutes(activity).min)
            return Slot(item: Plan.Item(id: activity.id), range: .init(min: low, typical: minutes, max: minutes), flexible: true, activity: activity)
        }
        slots.append(framed(frame.opener, frame.openerMinutes))
        let early = pulse.map { Self.earlyMeasures.contains($0.pulse.pulse?.measures ?? .trust) } ?? false
        let pulseSlot = pulse.map { fixed(Plan.Item(id: $0.pulse.id, minutes: Plan.pulseMinutes, isPulse: true), Plan.pulseMinutes) }
        if early, let pulseSlot { slots.append(pulseSlot) }
        slots += before.map { card($0) }
        let firstDecide = request.items.firstIndex { $0.purpose == .decide }
        for (index, item) in request.items.enumerated() {
            if index == firstDecide { slots += preparing.map { card($0) } }
            let entry = Plan.Item(id: "", minutes: item.minutes, business: item)
            guard item.purpose == .decide, let method = library[(item.method ?? Self.defaultMethod).cardID] else {
                slots.append(fixed(entry, item.minutes))
                continue
            }
            var slot = fixed(entry, item.minutes)
            slot.joinsNext = true
            slots += [slot, card(method)]
        }
        if firstDecide == nil { slots += preparing.map { card($0) } }
        slots += commitments.map { card($0) }
        if !early, let pulseSlot { slots.append(pulseSlot) }
        slots.append(framed(frame.closer, frame.closerMinutes))

        // Minutes: the flexible slots absorb what the fixed ones and the breaks leave. A break can
        // fall only between units, so a long item may need one break more than the minutes alone.
        var placed: (agenda: [Plan.Item], notes: [String])?
        for count in breakCount...(breakCount + 2) {
            guard let result = fitAndBreak(request, pools: pools, slots: slots, breakCount: count, lastTry: count == breakCount + 2) else { continue }
            placed = result
            break
        }
        // When an extra break cannot fit either, the plan keeps its breaks and its notes say where it runs long.
        if placed == nil { placed = fitAndBreak(request, pools: pools, slots: slots, breakCount: breakCount, lastTry: true) }
        guard let placed else { return nil }
        let agenda = placed.agenda
        var notes = placed.notes
        let planned = agenda.reduce(0) { $0 + ($1.minutes ?? 0) }
        guard Double(planned) >= Double(request.minutes) * 0.9, Double(planned) <= Double(request.minutes) * 1.1 else { return nil }
        if planned != request.minutes {
            notes.append(
                planned < request.minutes
                    ? "Planned \(planned) of \(request.minutes) minutes: no card fits the last \(request.minutes - planned) without running long; give them to the items or end early."
                    : "Planned \(planned) of \(request.minutes) minutes: the items, their decisions and the shortest opening and closing need \(planned - request.minutes) more; trim an item or ask for more time."
            )
        }
        let sequence = slots.compactMap(\.activity).filter { !$0.isPulse && $0.id != Self.languageCard }
        var lines = [arcNote(sequence)]
        if let language {
            lines.append(
                "Interpreted into \(request.languages.joined(separator: ", ")): \(language.title) sets up interpretation before anyone speaks, and rounds are timed with interpretation."
            )
        }
        if let note = frameNote(frame, size: request.groupSize) { lines.append(note) }
        if let pulse { lines.append("Pulse: \(pulse.pulse.title) (\(pulse.pulse.id)), \(pulse.reason).") }
        if let target, let signalPick = choice.signalPick { lines.append(target.note(for: signalPick)) }
        lines += choice.notes + notes
        return Draft(
            plan: Plan(
                name: "generated", title: request.title ?? "Generated plan · \(request.minutes) min", minutes: request.minutes, focus: request.focus,
                notes: lines.joined(separator: " "), agenda: agenda, size: request.groupSize, languages: request.languages),
            exact: planned == request.minutes)
    }

    /// The slots' minutes fitted to the meeting with `breakCount` breaks, and the breaks placed so
    /// that no stretch runs past `maxStretch`; nil when that cannot be done, unless `lastTry`, when
    /// the notes say where the meeting runs long.
    func fitAndBreak(_ request: Request, pools: Pools, slots: [Slot], breakCount: Int, lastTry: Bool) -> (agenda: [Plan.Item], notes: [String])? {
        var slots = slots
        let pauseMinutes = pools.pause.map { pools.minutes($0).typical } ?? 0
        let flexible = slots.indices.filter { slots[$0].flexible }
        let fixedMinutes = slots.filter { !$0.flexible }.reduce(0) { $0 + $1.range.typical } + breakCount * pauseMinutes
        guard let given = Self.fit(flexible.map { slots[$0].range }, fixed: fixedMinutes, to: request.minutes) else { return nil }
        for (index, minutes) in zip(flexible, given) { slots[index].item.minutes = minutes }
        for index in slots.indices where slots[index].item.minutes == nil { slots[index].item.minutes = slots[index].range.typical }
        var agenda = slots.map(\.item)
        guard let pause = pools.pause, breakCount > 0 else {
            let length = agenda.reduce(0) { $0 + ($1.minutes ?? 0) }
            guard length > Self.maxStretch else { return (agenda, []) }
            return lastTry ? (agenda, ["This meeting runs \(length) minutes without a break."]) : nil
        }
        // Units a break may fall between: a slot that joins the next is one unit with it.
        var units: [(start: Int, minutes: Int)] = []
        var joining = false
        for (index, slot) in slots.enumerated() {
            if joining {
                units[units.count - 1].minutes += slot.item.minutes ?? 0
            } else {
                units.append((index, slot.item.minutes ?? 0))
            }
            joining = slot.joinsNext
        }
        let lengths = units.map(\.minutes)
        var notes: [String] = []
        var positions = Self.breakPositions(lengths, count: breakCount)
        if positions == nil {
            guard lastTry, let even = Self.breakPositions(lengths, count: breakCount, limit: lengths.reduce(0, +)) else { return nil }
            positions = even
            var stretches: [Int] = []
            var start = 0
            for end in even + [lengths.count] {
                stretches.append(lengths[start..<end].reduce(0, +))
                start = end
            }
            notes.append(
                "Its longest stretch without a break is \(stretches.max() ?? 0) minutes: an item runs long; take a short pause inside it.")
        }
        guard let positions else { return nil }
        var leftover = request.minutes - (agenda.reduce(0) { $0 + ($1.minutes ?? 0) } + breakCount * pauseMinutes)
        for position in positions.reversed() {
            // A break may run a few minutes longer to fill what the cards cannot.
            let extra = max(0, min(leftover, pools.minutes(pause).max - pauseMinutes, 5))
            leftover -= extra
            agenda.insert(Plan.Item(id: pause.id, minutes: pauseMinutes + extra), at: units[position].start)
        }
        return (agenda, notes)
    }

    /// A line for the plan's notes naming the arc it follows.
    func arcNote(_ sequence: [Activity]) -> String {
        var phases: [Phase] = []
        for phase in sequence.compactMap(\.phase) where phases.last != phase { phases.append(phase) }
        return "Arc: " + phases.map(\.rawValue).joined(separator: ", ") + "."
    }
}
