/// Checks beyond a single file: plans against the library, and the counts the library promises.
extension Library {
    /// Problems of a plan beyond unknown ids: explicit minutes outside an activity's range (a round
    /// may run up to its maximum at its largest group).
    public func planMinuteProblems(_ plan: Plan) -> [LibraryProblem] {
        plan.agenda.compactMap { item in
            guard let minutes = item.minutes, let activity = self[item.id], !activity.isPulse else { return nil }
            let range = activity.plannableRange
            guard !range.contains(minutes) else { return nil }
            return LibraryProblem(
                file: plan.source, line: item.line,
                message: "\(item.id) is given \(minutes) min, outside its range \(range.lowerBound)–\(range.upperBound)")
        }
    }

    /// Problems of a plan's own items: a decide item whose method has no card in this library to run it.
    public func planItemProblems(_ plan: Plan) -> [LibraryProblem] {
        plan.agenda.compactMap { item -> LibraryProblem? in
            guard let business = item.business, business.purpose == .decide else { return nil }
            let method = business.method ?? PlanGenerator.defaultMethod
            guard self[method.cardID]?.isSchedulable != true else { return nil }
            return LibraryProblem(
                file: plan.source, line: item.line,
                message: "\"method\" \(method.rawValue) is run by the card \(method.cardID), which is not in the library")
        }
    }

    /// A one-line census: activities per kind, pulse questions and their measures, plans, and activities per signal.
    public var census: String {
        let activities = self.activities.values.filter { !$0.isPulse }
        let kinds = ActivityKind.allCases.filter { $0 != .pulse }.map { kind in "\(kind.rawValue) \(activities.filter { $0.kind == kind }.count)" }
        let signals = SignalID.allCases.map { signal in "\(signal.rawValue) \(activities.filter { $0.addresses.contains(signal) }.count)" }
        let pulses = self.activities.values.filter(\.isPulse)
        let reverse = pulses.filter { $0.pulse?.reverse == true }.count
        let measures = PulseSpec.Measure.allCases.map { measure in "\(measure.rawValue) \(pulses.filter { $0.pulse?.measures == measure }.count)" }
        return
            "\(activities.count) activities (\(kinds.joined(separator: ", "))); \(pulses.count) pulse questions (\(reverse) reverse-worded; measures \(measures.joined(separator: ", "))); \(plans.count) plans; addressed signals: \(signals.joined(separator: ", "))"
    }
}
