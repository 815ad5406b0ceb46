/// Builds a session plan around the group's own items: the items in order with their minutes,
/// context and trust work before a decision, each decide item followed by its method's card,
/// commitments after decisions, a break at least every 90 minutes, an opening and a closing that
/// take at most a quarter of the meeting, a pulse chosen from the values and the group's signals,
/// interpretation set up before anyone speaks, and the minutes filled exactly or the reason given
/// in the notes. Around the items the process keeps its arc (open, connect, context, work, decide,
/// close), no high exposure before trust, nothing the group did lately when there is an
/// alternative, and one activity for the group's strongest open signal. On-demand cards are never
/// placed. Pure: the same request and random numbers give the same plan.
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
        /// The group's own items, in the order the meeting takes them.
        public var items: [BusinessItem]
        /// Languages the meeting is interpreted into.
        public var languages: [String]

        public init(
            minutes: Int, focus: [CollaborativeValue] = [], groupSize: Int? = nil, seed: UInt64 = 1, recent: Set<String> = [],
            signals: [Signal] = [], title: String? = nil, items: [BusinessItem] = [], languages: [String] = []
        ) {
            self.minutes = minutes
            self.focus = focus
            self.groupSize = groupSize
            self.seed = seed
            self.recent = recent
            self.signals = signals
            self.title = title
            self.items = items
            self.languages = languages
        }
    }

    public var library: Library

    public init(library: Library) {
        self.library = library
    }

    /// How a decide item is decided when it names no method: the design's default, eight levels.
    public static let defaultMethod = DecisionMethod.gradients
    /// The longest stretch of a meeting without a break.
    public static let maxStretch = 90
    /// A meeting of this many minutes or more gets a pulse.
    public static let pulseFrom = 90
    /// At most this share of the total may be minutes given beyond cards' typical times.
    public static let stretchShare = 0.10
    /// Check-in plus check-out take at most this share of a meeting.
    public static let frameShare = 0.25
    /// A round too long for the room runs at tables of this many (its large-group variation).
    public static let tableSize = 8
    /// The card that sets up interpretation, before anyone speaks.
    public static let languageCard = "language-justice-in-the-room"
    /// Cards that turn decisions into commitments, placed after the last decision.
    public static let commitmentCards: Set<String> = [
        "commitments-round", "commitments-residents-own", "reporting-a-decision-back-to-the-community",
    ]

    /// Where each kind sits inside a phase: trust first, commitments last.
    static let rank: [ActivityKind: Int] = [
        .trust: 0, .inclusion: 1, .energizer: 2, .learning: 3, .ownership: 4, .vulnerability: 5, .conflict: 6, .accountability: 7,
    ]

    /// The breaks a meeting of `minutes` needs so that no stretch runs past `maxStretch`.
    public static func breaks(for minutes: Int, breakMinutes: Int) -> Int {
        var count = 0
        while minutes - count * breakMinutes > maxStretch * (count + 1) { count += 1 }
        return count
    }

    public func generate(_ request: Request) throws(CoreError) -> Plan {
        var random = SeededGenerator(seed: request.seed)
        return try generate(request, using: &random)
    }

    public func generate(_ request: Request, using random: inout some RandomNumberGenerator) throws(CoreError) -> Plan {
        guard request.minutes > 0 else { throw .usage("a plan needs more than 0 minutes") }
        let pools = Pools(library: library, size: request.groupSize, interpreted: !request.languages.isEmpty)
        guard !pools.of(.open).isEmpty, !pools.of(.close).isEmpty else {
            throw .refused("the library has no opening and closing activity for a group of \(request.groupSize ?? 0)")
        }
        if request.minutes > Self.maxStretch, pools.pause == nil {
            throw .refused("the library has no break card for a meeting of \(request.minutes) minutes")
        }
        for item in request.items where item.purpose == .decide {
            let method = item.method ?? Self.defaultMethod
            guard library[method.cardID]?.isSchedulable == true else {
                throw .refused("the library has no card \(method.cardID) to decide \"\(item.title)\" by \(method.name)")
            }
        }
        if !request.languages.isEmpty, library[Self.languageCard]?.isSchedulable != true {
            throw .refused("the library has no card \(Self.languageCard) to set up interpretation")
        }
        let floor = minimumMinutes(request, pools: pools)
        guard floor <= request.minutes else {
            let items = request.items.isEmpty ? "" : " (the items alone take \(request.items.reduce(0) { $0 + $1.minutes }))"
            throw .usage(
                "\(request.minutes) minutes is too short: an opening, the work\(items), its decisions and a closing take at least \(floor); ask for more minutes or fewer items"
            )
        }
        // The strongest signal first; a weaker one, or none, only when no plan can hold its activity.
        let targets = signalTargets(request, pools: pools)
        var fallback: Plan?
        for (index, target) in (targets.map(Optional.some) + [nil]).enumerated() {
            // First only plans that repeat nothing the group did lately; only when none fits, plans that may.
            for strict in [true, false] {
                for tries in 0..<200 {
                    guard let draft = attempt(request, pools: pools, target: target, strict: strict, random: &random) else { continue }
                    var plan = draft.plan
                    let passed = targets.prefix(index).map(\.signal.id.rawValue)
                    if !passed.isEmpty {
                        let why =
                            "No activity for \(passed.joined(separator: ", ")) fits \(request.minutes) minutes\(request.groupSize.map { " for \($0) people" } ?? "") with the rest of a meeting."
                        let notes = plan.notes?.replacingOccurrences(of: "strongest open signal,", with: "strongest open signal it can answer,")
                        plan.notes = [notes, why].compactMap { $0 }.joined(separator: " ")
                    }
                    if draft.exact { return plan }
                    // A plan that says why it falls short is kept while a few more tries look for an exact one.
                    if fallback == nil { fallback = plan }
                    if let fallback, tries >= 20 { return fallback }
                }
            }
        }
        if let fallback { return fallback }
        throw .refused(
            "could not fit \(request.minutes) minutes covering \(request.focus.map(\.rawValue).joined(separator: ", ")) for this group: try more minutes or fewer focus values"
        )
    }

    /// The least a meeting with these items can take: the items, their protocols, the shortest
    /// opening and closing, one piece of work when there are no items, interpretation set-up and breaks.
    func minimumMinutes(_ request: Request, pools: Pools) -> Int {
        let shortest = { (phase: Phase) in pools.of(phase).map { pools.minutes($0).min }.min() ?? 0 }
        let protocols = request.items.filter { $0.purpose == .decide }.compactMap { library[($0.method ?? Self.defaultMethod).cardID] }
        let language = request.languages.isEmpty ? 0 : library[Self.languageCard].map { pools.minutes($0).min } ?? 0
        let pause = pools.pause.map { pools.minutes($0).min } ?? 0
        let body =
            request.items.reduce(0) { $0 + $1.minutes } + protocols.reduce(0) { $0 + pools.minutes($1).min } + language
            + (request.items.isEmpty ? shortest(.work) : 0)
        // The opening and closing at their shortest: rounds at tables when the room is large.
        let tables = request.groupSize.map { min($0, Self.tableSize) }
        let frame = [Phase.open, .close].map { phase in
            pools.of(phase).map { $0.minutes(for: tables, interpreted: pools.interpreted).min }.min() ?? 0
        }.reduce(0, +)
        let pulse = request.minutes >= Self.pulseFrom ? Plan.pulseMinutes : 0
        return body + frame + pulse + Self.breaks(for: body + frame + pulse, breakMinutes: pause) * pause
    }

    /// Prefers what the group has not done lately; falls back to the rest unless `strict`.
    func pick(_ pool: [Activity], recent: Set<String>, strict: Bool, random: inout some RandomNumberGenerator) -> Activity? {
        let fresh = pool.filter { !recent.contains($0.id) }
        return (fresh.isEmpty && !strict ? pool : fresh).randomElement(using: &random)
    }

    /// The phases between the opening and the closing.
    static let body: [Phase] = [.connect, .context, .work, .decide]
}
