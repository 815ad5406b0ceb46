extension PlanGenerator {
    /// The signal a plan answers and the activities that address it for this group.
    struct SignalTarget: Sendable {
        let signal: Signal
        let candidates: [Activity]

        /// Why the activity is in the plan, for its notes.
        func note(for activity: Activity) -> String {
            let evidence = signal.evidence.first.map { " (\($0.hasSuffix(".") ? String($0.dropLast()) : $0))" } ?? ""
            let summary = signal.summary.hasSuffix(".") ? String(signal.summary.dropLast()) : signal.summary
            return
                "\(activity.title) (\(activity.id)) is here for the group's strongest open signal, \(signal.id.rawValue) (\(signal.severity.rawValue)): \(summary)\(evidence)."
        }
    }

    /// The signals with an activity that fits the group and at most half the meeting, strongest first.
    func signalTargets(_ request: Request, pools: Pools) -> [SignalTarget] {
        // Body cards only: the opening and closing are chosen for their share of the meeting.
        let phases: [Phase] = Self.body
        // "Too few to tell" is no finding to plan a meeting around.
        return request.signals.filter { $0.tooFew == nil }.compactMap { signal in
            let candidates = phases.flatMap(pools.of).filter {
                $0.addresses.contains(signal.id) && Double(pools.minutes($0).min) <= Double(request.minutes) * 0.5
            }
            return candidates.isEmpty ? nil : SignalTarget(signal: signal, candidates: candidates)
        }
    }
}
