/// One entry of a running session's agenda. `key` stays the same when items are added or dropped,
/// so notes and timings keep pointing at the right activity.
public struct AgendaItem: Codable, Sendable, Equatable {
    public var key: Int
    public var activityID: String
    public var title: String
    public var plannedMinutes: Int
    public var isPulse: Bool
    /// The group's own item (its `activityID` is then empty).
    public var business: BusinessItem?

    public init(key: Int, activityID: String, title: String, plannedMinutes: Int, isPulse: Bool = false, business: BusinessItem? = nil) {
        self.business = business
        self.key = key
        self.activityID = activityID
        self.title = title
        self.plannedMinutes = plannedMinutes
        self.isPulse = isPulse
    }
}
