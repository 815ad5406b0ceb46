extension PlanGenerator {
    /// The chosen activities in the order a meeting runs: by phase, then trust before exposure
    /// within a phase, so the trust rule holds wherever the high-intensity item falls.
    static func arc(_ chosen: [Activity]) -> [Activity] {
        chosen.sorted {
            ($0.phase ?? .work, rank[$0.kind] ?? 9, $0.intensity, $0.id) < ($1.phase ?? .work, rank[$1.kind] ?? 9, $1.intensity, $1.id)
        }
    }

    /// The agenda: every item with its minutes, a pulse after the opening from `pulseFrom` minutes,
    /// and the break where the meeting is closest to half-way (never before the opening or after the
    /// closing).
    func items(_ sequence: [Activity], given: [Int], pools: Pools, minutes: Int) -> [Plan.Item] {
        var agenda = zip(sequence, given).map { Plan.Item(id: $0.id, minutes: $1) }
        if minutes >= Self.pulseFrom, let pulse = ["trust-at-this-table", "energy-in-the-room"].first(where: { library[$0]?.isPulse == true }) {
            agenda.insert(Plan.Item(id: pulse, minutes: Plan.pulseMinutes, isPulse: true), at: 1)
        }
        if minutes >= Self.breakFrom, let pause = pools.pause, agenda.count >= 2 {
            let total = agenda.compactMap(\.minutes).reduce(0, +)
            var elapsed = 0
            var best = 1
            var bestDistance = Int.max
            for index in 0..<(agenda.count - 1) {
                elapsed += agenda[index].minutes ?? 0
                let distance = abs(2 * elapsed - total)
                if index >= 1, distance < bestDistance { (best, bestDistance) = (index + 1, distance) }
            }
            agenda.insert(Plan.Item(id: pause.id, minutes: pools.minutes(pause).typical), at: best)
        }
        return agenda
    }

    /// A line for the plan's notes naming the arc it follows.
    func arcNote(_ sequence: [Activity]) -> String {
        var phases: [Phase] = []
        for phase in sequence.compactMap(\.phase) where phases.last != phase { phases.append(phase) }
        return "Arc: " + phases.map(\.rawValue).joined(separator: ", ") + "."
    }
}
