/// The conditions of `convene activities list`: every one that is set must hold.
public struct LibraryFilter: Sendable, Equatable {
    public var kind: ActivityKind?
    public var value: CollaborativeValue?
    /// Typical minutes at most this; pulse questions have no duration of their own, so they drop out.
    public var maxMinutes: Int?
    /// A group of this many people fits the item's `group` range.
    public var groupSize: Int?
    /// Pulse questions ask no personal exposure and carry no intensity, so they drop out.
    public var intensity: Intensity?
    public var addresses: SignalID?

    public init(
        kind: ActivityKind? = nil, value: CollaborativeValue? = nil, maxMinutes: Int? = nil, groupSize: Int? = nil,
        intensity: Intensity? = nil, addresses: SignalID? = nil
    ) {
        self.kind = kind
        self.value = value
        self.maxMinutes = maxMinutes
        self.groupSize = groupSize
        self.intensity = intensity
        self.addresses = addresses
    }

    public func matches(_ activity: Activity) -> Bool {
        if let kind, activity.kind != kind { return false }
        if let value, !activity.values.contains(value) { return false }
        if let maxMinutes, activity.isPulse || activity.minutes.typical > maxMinutes { return false }
        if let groupSize, !activity.group.fits(groupSize) { return false }
        if let intensity, activity.isPulse || activity.intensity != intensity { return false }
        if let addresses, !activity.addresses.contains(addresses) { return false }
        return true
    }

    /// The library's items that match, by id.
    public func apply(to library: Library) -> [Activity] {
        library.sortedActivities.filter(matches)
    }
}
