/// Minutes made true to the room: a round where everyone speaks grows with the people in it.
extension Activity {
    /// The minutes a round adds for `size` people beyond `group.min`, rounded up to whole minutes.
    public func extraMinutes(for size: Int?) -> Int {
        guard let perPerson, let size, size > group.min else { return 0 }
        return (perPerson * (size - group.min) + 59) / 60
    }

    /// The card's minutes for a group of `size` (its own minutes when the size is unknown).
    public func minutes(for size: Int?) -> Minutes {
        let extra = extraMinutes(for: size)
        return Minutes(min: minutes.min + extra, typical: minutes.typical + extra, max: minutes.max + extra)
    }

    /// The widest range a plan may give it: up to its maximum at its largest group.
    public var plannableRange: ClosedRange<Int> { minutes.min...minutes(for: group.max).max }
}
