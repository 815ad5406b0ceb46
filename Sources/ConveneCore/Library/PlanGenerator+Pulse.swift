extension PlanGenerator {
    /// A pulse that reads the room as it arrives (trust, energy) goes after the opening; one that
    /// asks about the meeting itself (voice, clarity, worth...) goes before the closing.
    static let earlyMeasures: Set<PulseSpec.Measure> = [.trust, .energy]

    /// The pulse for the plan: one that answers the strongest signal when there is one, else one
    /// for the focus values, else any; not one the group asked lately when another will do.
    func pulse(_ request: Request, target: SignalTarget?, random: inout some RandomNumberGenerator) -> (pulse: Activity, reason: String)? {
        let pulses = library.sortedActivities.filter(\.isPulse)
        let fresh = pulses.filter { !request.recent.contains($0.id) }
        let pool = fresh.isEmpty ? pulses : fresh
        if let target {
            let answering = pool.filter { $0.addresses.contains(target.signal.id) }
            if let choice = answering.randomElement(using: &random) { return (choice, "for the signal \(target.signal.id.rawValue)") }
        }
        let focused = pool.filter { pulse in pulse.values.contains { request.focus.contains($0) } }
        if let choice = focused.randomElement(using: &random) {
            let values = choice.values.filter(request.focus.contains).map(\.rawValue)
            return (choice, "for \(values.joined(separator: " and "))")
        }
        return pool.randomElement(using: &random).map { ($0, "to vary what the group is asked") }
    }
}
