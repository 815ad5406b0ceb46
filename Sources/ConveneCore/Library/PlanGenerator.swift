/// Builds a session plan that makes a meeting: phases in arc order (open, connect, context, work,
/// decide, close), a break in anything of 100 minutes or more, minutes near each card's typical time
/// for the group's size (adding an activity rather than stretching one), every focus value covered,
/// no high exposure before a trust-building activity, nothing the group did lately when there is an
/// alternative, and, given the group's signals, one activity for the strongest of them with the
/// reason in the notes. Pure: the same request and random numbers give the same plan.
public struct PlanGenerator: Sendable {
    public struct Request: Sendable {
        public var minutes: Int
        public var focus: [CollaborativeValue]
        public var groupSize: Int?
        public var seed: UInt64
        /// Activities used in the group's recent sessions.
        public var recent: Set<String>
        /// The group's open signals, strongest first (as `SignalDetector.signals` orders them).
        public var signals: [Signal]
        /// The plan's title; nil for "Generated plan · N min".
        public var title: String?

        public init(
            minutes: Int, focus: [CollaborativeValue] = [], groupSize: Int? = nil, seed: UInt64 = 1, recent: Set<String> = [],
            signals: [Signal] = [], title: String? = nil
        ) {
            self.minutes = minutes
            self.focus = focus
            self.groupSize = groupSize
            self.seed = seed
            self.recent = recent
            self.signals = signals
            self.title = title
        }
    }

    public var library: Library

    public init(library: Library) {
        self.library = library
    }

    /// How a decide item is decided when it names no method: the design's default, eight levels.
    public static let defaultMethod = DecisionMethod.gradients
    /// A meeting of this many minutes or more gets a break.
    public static let breakFrom = 100
    /// A meeting of this many minutes or more gets a pulse right after its opening.
    public static let pulseFrom = 90
    /// At most this share of the total may be minutes given beyond cards' typical times.
    public static let stretchShare = 0.10

    /// Where each kind sits inside a phase: trust first, commitments last.
    static let rank: [ActivityKind: Int] = [
        .trust: 0, .inclusion: 1, .energizer: 2, .learning: 3, .ownership: 4, .vulnerability: 5, .conflict: 6, .accountability: 7,
    ]

    public func generate(_ request: Request) throws(CoreError) -> Plan {
        var random = SeededGenerator(seed: request.seed)
        return try generate(request, using: &random)
    }

    public func generate(_ request: Request, using random: inout some RandomNumberGenerator) throws(CoreError) -> Plan {
        guard request.minutes > 0 else { throw .usage("a plan needs more than 0 minutes") }
        let pools = Pools(library: library, size: request.groupSize)
        guard !pools.of(.open).isEmpty, !pools.of(.close).isEmpty else {
            throw .refused("the library has no opening and closing activity for a group of \(request.groupSize ?? 0)")
        }
        if request.minutes >= Self.breakFrom, pools.pause == nil {
            throw .refused("the library has no break card for a meeting of \(request.minutes) minutes")
        }
        let shortest = [Phase.open, .work, .close].map { phase in pools.of(phase).map { pools.minutes($0).min }.min() ?? 0 }.reduce(0, +)
        guard Double(shortest) <= Double(request.minutes) * 1.1 else {
            throw .usage("\(request.minutes) minutes is too short: an opening, one piece of work and a closing alone take \(shortest)")
        }
        // The strongest signal first; a weaker one, or none, only when no plan can hold its activity.
        let targets = signalTargets(request, pools: pools)
        for (index, target) in (targets.map(Optional.some) + [nil]).enumerated() {
            // First only plans that repeat nothing the group did lately; only when none fits, plans that may.
            for strict in [true, false] {
                for _ in 0..<200 {
                    guard var plan = attempt(request, pools: pools, target: target, strict: strict, random: &random) else { continue }
                    let passed = targets.prefix(index).map(\.signal.id.rawValue)
                    if !passed.isEmpty {
                        let why =
                            "No activity for \(passed.joined(separator: ", ")) fits \(request.minutes) minutes\(request.groupSize.map { " for \($0) people" } ?? "") with the rest of a meeting."
                        let notes = plan.notes?.replacingOccurrences(of: "strongest open signal,", with: "strongest open signal it can answer,")
                        plan.notes = [notes, why].compactMap { $0 }.joined(separator: " ")
                    }
                    return plan
                }
            }
        }
        throw .refused(
            "could not fit \(request.minutes) minutes covering \(request.focus.map(\.rawValue).joined(separator: ", ")) for this group: try more minutes or fewer focus values"
        )
    }

    /// Prefers what the group has not done lately; falls back to the rest unless `strict`.
    func pick(_ pool: [Activity], recent: Set<String>, strict: Bool, random: inout some RandomNumberGenerator) -> Activity? {
        let fresh = pool.filter { !recent.contains($0.id) }
        return (fresh.isEmpty && !strict ? pool : fresh).randomElement(using: &random)
    }

    func attempt(_ request: Request, pools: Pools, target: SignalTarget?, strict: Bool, random: inout some RandomNumberGenerator) -> Plan? {
        let minutes = request.minutes
        let extras =
            (minutes >= Self.pulseFrom ? Plan.pulseMinutes : 0) + (minutes >= Self.breakFrom ? pools.pause.map { pools.minutes($0).typical } ?? 0 : 0)
        var chosen: [Activity] = []
        var total = extras
        // Typical minutes may run a little over: the fit trims back toward each card's minimum.
        func room() -> Int { Int(Double(minutes) * 1.05) - total }
        func add(_ activity: Activity) {
            chosen.append(activity)
            total += pools.minutes(activity).typical
        }
        func options(_ phases: [Phase], where condition: (Activity) -> Bool = { _ in true }) -> [Activity] {
            phases.flatMap(pools.of).filter { activity in !chosen.contains { $0.id == activity.id } && condition(activity) }
        }
        func has(_ phase: Phase) -> Bool { chosen.contains { $0.phase == phase } }

        // The signal's activity comes first, so that everything else is fitted around it.
        var signalPick: Activity?
        if let target {
            guard
                let choice = pick(
                    target.candidates.filter { pools.minutes($0).min <= room() }, recent: request.recent, strict: strict, random: &random)
            else { return nil }
            signalPick = choice
            add(choice)
        }
        for phase in [Phase.open, .close] where !has(phase) {
            guard let choice = pick(options([phase]), recent: request.recent, strict: strict, random: &random) else { return nil }
            add(choice)
        }
        // A meeting has work in it; from an hour on, it decides something before it closes.
        if !has(.work) {
            guard let work = pick(options([.work]) { pools.minutes($0).min <= room() }, recent: request.recent, strict: strict, random: &random)
            else { return nil }
            add(work)
        }
        // Under 90 minutes the signal's activity may take the decision's place when both cannot fit.
        if minutes >= 60, !has(.decide) {
            if let decide = pick(options([.decide]) { pools.minutes($0).min <= room() }, recent: request.recent, strict: strict, random: &random) {
                add(decide)
            } else if signalPick == nil || minutes >= 90 {
                return nil
            }
        }
        for value in request.focus.shuffled(using: &random) where !chosen.contains(where: { $0.values.contains(value) }) {
            guard
                let choice = pick(
                    options(Self.body) { $0.values.contains(value) && pools.minutes($0).min <= room() }, recent: request.recent, strict: strict,
                    random: &random)
            else { return nil }
            add(choice)
        }
        // Fill with whole activities at their typical minutes, the arc's missing phases first.
        while Double(total) < Double(minutes) * 0.95 {
            let fits: (Activity) -> Bool = { pools.minutes($0).typical <= room() }
            let missing = Self.body.filter { !has($0) }.shuffled(using: &random)
            guard
                let choice = pick(options(missing, where: fits), recent: request.recent, strict: strict, random: &random)
                    ?? pick(options(Self.body, where: fits), recent: request.recent, strict: strict, random: &random)
            else { break }
            add(choice)
        }
        // Exposure comes after trust: with a high-intensity item there must be a trust item before it
        // (one that is not high exposure itself, such as a trust-gap conversation).
        if chosen.contains(where: { $0.intensity == .high }) && !chosen.contains(where: { $0.kind == .trust && $0.intensity != .high }) {
            if let trust = pick(
                options(Self.body) { $0.kind == .trust && $0.intensity != .high && pools.minutes($0).min <= room() }, recent: request.recent,
                strict: strict, random: &random)
            {
                add(trust)
            } else {
                guard signalPick?.intensity != .high else { return nil }
                chosen.removeAll { $0.intensity == .high }
                total = extras + chosen.map { pools.minutes($0).typical }.reduce(0, +)
                guard has(.work) else { return nil }
            }
        }
        guard request.focus.allSatisfy({ value in chosen.contains { $0.values.contains(value) } }) else { return nil }
        let sequence = Self.arc(chosen)
        guard let given = fit(sequence, pools: pools, extras: extras, to: minutes) else { return nil }
        let agenda = items(sequence, given: given, pools: pools, minutes: minutes)
        let planned = agenda.reduce(0) { $0 + ($1.minutes ?? 0) }
        guard Double(planned) >= Double(minutes) * 0.9, Double(planned) <= Double(minutes) * 1.1 else { return nil }
        let notes = [arcNote(sequence), target.flatMap { target in signalPick.map { target.note(for: $0) } }].compactMap { $0 }
        return Plan(
            name: "generated", title: request.title ?? "Generated plan · \(minutes) min", minutes: minutes, focus: request.focus,
            notes: notes.joined(separator: " "), agenda: agenda)
    }

    /// The phases between the opening and the closing.
    static let body: [Phase] = [.connect, .context, .work, .decide]
}
