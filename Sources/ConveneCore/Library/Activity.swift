/// One item of the activity library: an activity card, or a pulse question (`kind == .pulse`).
public struct Activity: Codable, Sendable, Equatable, Identifiable {
    public struct Minutes: Codable, Sendable, Equatable {
        public var min: Int
        public var typical: Int
        public var max: Int

        public init(min: Int, typical: Int, max: Int) {
            self.min = min
            self.typical = typical
            self.max = max
        }
    }

    public struct GroupSize: Codable, Sendable, Equatable {
        public var min: Int
        public var max: Int

        public init(min: Int, max: Int) {
            self.min = min
            self.max = max
        }

        public func fits(_ size: Int) -> Bool { (min...max).contains(size) }
    }

    public struct Step: Codable, Sendable, Equatable {
        public var text: String
        public var minutes: Int?

        public init(text: String, minutes: Int?) {
            self.text = text
            self.minutes = minutes
        }
    }

    public var id: String
    public var title: String
    public var kind: ActivityKind
    public var values: [CollaborativeValue]
    public var minutes: Minutes
    public var group: GroupSize
    public var intensity: Intensity
    public var addresses: [SignalID]
    public var followWith: String?
    /// Where the activity sits in a meeting's arc; nil for a pulse question.
    public var phase: Phase?
    /// Seconds each person speaks in a round where everyone speaks in turn: `minutes` are for
    /// `group.min`, and each person beyond that adds this much.
    public var perPerson: Int?
    public var materials: [String]
    /// `.onDemand`: never placed by a plan; the preparation sheet lists it under "Have ready".
    public var schedule: ActivitySchedule
    /// What to arrange ahead, with its lead time ("Recruit caucus facilitators, 3 weeks ahead").
    public var prep: String?
    public var pulse: PulseSpec?
    /// Markdown sections by their heading ("Purpose", "Say", ...), in file order.
    public var sections: [Section]
    public var steps: [Step]
    /// Where the card came from, for error messages.
    public var source: String

    public struct Section: Codable, Sendable, Equatable {
        public var heading: String
        public var body: String

        public init(heading: String, body: String) {
            self.heading = heading
            self.body = body
        }
    }

    public init(
        id: String, title: String, kind: ActivityKind, values: [CollaborativeValue], minutes: Minutes,
        group: GroupSize, intensity: Intensity, addresses: [SignalID], followWith: String? = nil,
        phase: Phase? = nil, perPerson: Int? = nil, materials: [String] = [], schedule: ActivitySchedule = .agenda, prep: String? = nil,
        pulse: PulseSpec? = nil, sections: [Section] = [], steps: [Step] = [],
        source: String = ""
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.values = values
        self.minutes = minutes
        self.group = group
        self.intensity = intensity
        self.addresses = addresses
        self.followWith = followWith
        self.phase = phase
        self.perPerson = perPerson
        self.materials = materials
        self.schedule = schedule
        self.prep = prep
        self.pulse = pulse
        self.sections = sections
        self.steps = steps
        self.source = source
    }

    public func section(_ heading: String) -> String? {
        sections.first { $0.heading.caseInsensitiveCompare(heading) == .orderedSame }?.body
    }

    public var isPulse: Bool { kind == .pulse }

    /// A card a plan may place: not a pulse question and not kept for when it is needed.
    public var isSchedulable: Bool { !isPulse && schedule == .agenda }
}
