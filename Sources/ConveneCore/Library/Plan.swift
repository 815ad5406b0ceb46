/// A session plan: an ordered agenda of library items with minutes. Templates live in `sessions/`.
public struct Plan: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public var id: String
        public var minutes: Int?
        public var isPulse: Bool
        /// Line in the plan file, for error messages; 0 for generated plans.
        public var line: Int
        /// The group's own item (`id` is then empty).
        public var business: BusinessItem?

        public init(id: String, minutes: Int? = nil, isPulse: Bool = false, line: Int = 0, business: BusinessItem? = nil) {
            self.business = business
            self.id = id
            self.minutes = minutes
            self.isPulse = isPulse
            self.line = line
        }
    }

    /// The file name without `.yaml`, or the path it was read from.
    public var name: String
    public var title: String
    public var minutes: Int
    public var focus: [CollaborativeValue]
    public var notes: String?
    public var agenda: [Item]
    public var source: String
    /// How many people the plan is timed for, when it says.
    public var size: Int?
    /// Languages other than English the meeting is interpreted into ("es", "vi").
    public var languages: [String]

    public init(
        name: String, title: String, minutes: Int, focus: [CollaborativeValue] = [], notes: String? = nil, agenda: [Item], source: String = "",
        size: Int? = nil, languages: [String] = []
    ) {
        self.name = name
        self.title = title
        self.minutes = minutes
        self.focus = focus
        self.notes = notes
        self.agenda = agenda
        self.source = source
        self.size = size
        self.languages = languages
    }

    /// The group's own items, in agenda order.
    public var businessItems: [BusinessItem] { agenda.compactMap(\.business) }

    /// Minutes a pulse takes in an agenda when the plan does not say.
    public static let pulseMinutes = 3
}
