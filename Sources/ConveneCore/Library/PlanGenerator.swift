/// Builds a session plan that fits the minutes (±10%), opens with a check-in and closes with a
/// check-out, covers every focus value, fits the group's size, never asks for high exposure before
/// a trust-building activity, and avoids what the group did in its last sessions. Deterministic for
/// a seed.
public struct PlanGenerator: Sendable {
    public struct Request: Sendable {
        public var minutes: Int
        public var focus: [CollaborativeValue]
        public var groupSize: Int?
        public var seed: UInt64
        /// Activities used in the group's recent sessions.
        public var recent: Set<String>

        public init(minutes: Int, focus: [CollaborativeValue] = [], groupSize: Int? = nil, seed: UInt64 = 1, recent: Set<String> = []) {
            self.minutes = minutes
            self.focus = focus
            self.groupSize = groupSize
            self.seed = seed
            self.recent = recent
        }
    }

    public var library: Library

    public init(library: Library) {
        self.library = library
    }

    /// Where each kind sits in the body of a plan: trust first, commitments last.
    static let rank: [ActivityKind: Int] = [.trust: 0, .inclusion: 1, .energizer: 2, .learning: 3, .ownership: 4, .vulnerability: 5, .conflict: 6, .accountability: 7]

    public func generate(_ request: Request) throws(CoreError) -> Plan {
        guard request.minutes > 0 else { throw .usage("a plan needs more than 0 minutes") }
        let fits: (Activity) -> Bool = { activity in request.groupSize.map(activity.group.fits) ?? true }
        let all = library.sortedActivities.filter { !$0.isPulse && fits($0) }
        let checkins = all.filter { $0.kind == .checkin }, checkouts = all.filter { $0.kind == .checkout }
        guard !checkins.isEmpty, !checkouts.isEmpty else {
            throw .refused("the library has no check-in and check-out for a group of \(request.groupSize ?? 0)")
        }
        let shortest = (checkins.map(\.minutes.min).min() ?? 0) + (checkouts.map(\.minutes.min).min() ?? 0)
        guard Double(shortest) <= Double(request.minutes) * 1.1 else {
            throw .usage("\(request.minutes) minutes is too short: a check-in and a check-out alone take \(shortest)")
        }
        let bodyPool = all.filter { Self.rank[$0.kind] != nil }
        var random = SeededGenerator(seed: request.seed)
        // First only plans that repeat nothing the group did lately; only when none fits, plans that may.
        for strict in [true, false] {
            for _ in 0..<100 {
                if let plan = attempt(request, bodyPool: bodyPool, checkins: checkins, checkouts: checkouts, strict: strict, random: &random) { return plan }
            }
        }
        throw .refused("could not fit \(request.minutes) minutes covering \(request.focus.map(\.rawValue).joined(separator: ", ")) for this group: try more minutes or fewer focus values")
    }

    /// Prefers what the group has not done lately; falls back to the rest unless `strict`.
    func pick(_ pool: [Activity], recent: Set<String>, strict: Bool, random: inout SeededGenerator) -> Activity? {
        let fresh = pool.filter { !recent.contains($0.id) }
        return (fresh.isEmpty && !strict ? pool : fresh).randomElement(using: &random)
    }

    func attempt(_ request: Request, bodyPool: [Activity], checkins: [Activity], checkouts: [Activity], strict: Bool, random: inout SeededGenerator) -> Plan? {
        let target = request.minutes
        guard let checkin = pick(checkins, recent: request.recent, strict: strict, random: &random),
              let checkout = pick(checkouts, recent: request.recent, strict: strict, random: &random) else { return nil }
        var body: [Activity] = []
        var used: Set<String> = [checkin.id, checkout.id]
        var total = checkin.minutes.typical + checkout.minutes.typical
        func room() -> Int { Int(Double(target) * 1.1) - total }
        func add(_ activity: Activity) {
            body.append(activity)
            used.insert(activity.id)
            total += activity.minutes.typical
        }
        // Cover the focus values first.
        for value in request.focus.shuffled(using: &random) {
            if ([checkin, checkout] + body).contains(where: { $0.values.contains(value) }) { continue }
            let options = bodyPool.filter { $0.values.contains(value) && !used.contains($0.id) && $0.minutes.min <= room() }
            guard let choice = pick(options, recent: request.recent, strict: strict, random: &random) else { return nil }
            add(choice)
        }
        // Fill to the target.
        while Double(total) < Double(target) * 0.9 {
            let options = bodyPool.filter { !used.contains($0.id) && $0.minutes.typical <= max(room(), $0.minutes.min) && $0.minutes.min <= room() }
            guard let choice = pick(options, recent: request.recent, strict: strict, random: &random) else { break }
            add(choice)
        }
        // Exposure comes after trust: with a high-intensity item there must be a trust item before it
        // (one that is not high exposure itself, such as a trust-gap conversation).
        if body.contains(where: { $0.intensity == .high }) && !body.contains(where: { $0.kind == .trust && $0.intensity != .high }) {
            let options = bodyPool.filter { $0.kind == .trust && $0.intensity != .high && !used.contains($0.id) && $0.minutes.min <= room() }
            if let trust = pick(options, recent: request.recent, strict: strict, random: &random) {
                add(trust)
            } else {
                body.removeAll { $0.intensity == .high }
            }
        }
        body.sort { (Self.rank[$0.kind] ?? 9, $0.intensity) < (Self.rank[$1.kind] ?? 9, $1.intensity) }
        let sequence = [checkin] + body + [checkout]
        guard let minutes = fit(sequence, to: target) else { return nil }
        guard request.focus.allSatisfy({ value in sequence.contains { $0.values.contains(value) } }) else { return nil }
        var agenda: [Plan.Item] = []
        for (activity, given) in zip(sequence, minutes) {
            agenda.append(Plan.Item(id: activity.id, minutes: given == activity.minutes.typical ? nil : given))
            // A pulse after the check-in, when there is time: the follow-up question or trust.
            if activity.id == checkin.id, target >= 90, let pulse = ["trust-at-this-table", "energy-in-the-room"].first(where: { library[$0]?.isPulse == true }) {
                agenda.append(Plan.Item(id: pulse, isPulse: true))
            }
        }
        let planned = agenda.reduce(0) { $0 + library.minutes(of: $1) }
        guard Double(planned) >= Double(target) * 0.9, Double(planned) <= Double(target) * 1.1 else { return nil }
        return Plan(name: "generated", title: "Generated plan · \(target) min", minutes: target, focus: request.focus, agenda: agenda)
    }

    /// Minutes per activity within each one's range so that the total lands within ±10% of the
    /// target (a pulse's 3 minutes allowed for); nil when the range cannot reach it.
    func fit(_ sequence: [Activity], to target: Int) -> [Int]? {
        var minutes = sequence.map(\.minutes.typical)
        let pulse = target >= 90 ? Plan.pulseMinutes : 0
        func total() -> Int { minutes.reduce(0, +) + pulse }
        var guardCount = 0
        while Double(total()) < Double(target) * 0.95, guardCount < 10_000 {
            guard let index = minutes.indices.filter({ minutes[$0] < sequence[$0].minutes.max }).max(by: { sequence[$0].minutes.max - minutes[$0] < sequence[$1].minutes.max - minutes[$1] }) else { break }
            minutes[index] += 1
            guardCount += 1
        }
        while Double(total()) > Double(target) * 1.05, guardCount < 20_000 {
            guard let index = minutes.indices.filter({ minutes[$0] > sequence[$0].minutes.min }).max(by: { minutes[$0] - sequence[$0].minutes.min < minutes[$1] - sequence[$1].minutes.min }) else { break }
            minutes[index] -= 1
            guardCount += 1
        }
        let result = total()
        return Double(result) >= Double(target) * 0.9 && Double(result) <= Double(target) * 1.1 ? minutes : nil
    }
}

extension Plan {
    /// The plan as YAML, in the format of `sessions/*.yaml`.
    public func yaml() -> String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var lines = ["title: \(quoted(title))", "minutes: \(minutes)"]
        if !focus.isEmpty { lines.append("focus: [\(focus.map(\.rawValue).joined(separator: ", "))]") }
        if let notes { lines.append("notes: \(quoted(notes))") }
        lines.append("agenda:")
        for item in agenda {
            switch (item.isPulse, item.minutes) {
            case (true, nil): lines.append("  - pulse: \(item.id)")
            case (true, let minutes?): lines.append("  - {pulse: \(item.id), minutes: \(minutes)}")
            case (false, nil): lines.append("  - \(item.id)")
            case (false, let minutes?): lines.append("  - {activity: \(item.id), minutes: \(minutes)}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
