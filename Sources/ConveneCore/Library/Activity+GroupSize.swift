/// Minutes made true to the room: a round where everyone speaks grows with the people in it.
extension Activity {
    /// How much longer each turn of a round takes when the room is interpreted: speakers slow
    /// down and pause for the interpreters.
    public static let interpretationShare = 0.5

    /// The minutes a round adds for `size` people beyond `group.min`, rounded up to whole minutes.
    public func extraMinutes(for size: Int?) -> Int {
        guard let perPerson, let size, size > group.min else { return 0 }
        return (perPerson * (size - group.min) + 59) / 60
    }

    /// The minutes interpretation adds to a round for `size` people (its `group.min` when unknown).
    public func interpretationMinutes(for size: Int?) -> Int {
        guard let perPerson else { return 0 }
        let seconds = Double(perPerson * (size ?? group.min)) * Self.interpretationShare
        return Int((seconds / 60).rounded(.up))
    }

    /// The card's minutes for a group of `size` (its own minutes when the size is unknown), with
    /// interpretation time for a round when the room is interpreted.
    public func minutes(for size: Int?, interpreted: Bool = false) -> Minutes {
        let extra = extraMinutes(for: size) + (interpreted ? interpretationMinutes(for: size) : 0)
        return Minutes(min: minutes.min + extra, typical: minutes.typical + extra, max: minutes.max + extra)
    }

    /// The widest range a plan may give it: up to its maximum at its largest group, interpreted.
    public var plannableRange: ClosedRange<Int> { minutes.min...minutes(for: group.max, interpreted: true).max }

    /// A closing that asks the room what it decided: a plan that closes with it must decide something.
    public var asksWhatWasDecided: Bool {
        let text = (steps.map(\.text) + [section("Say") ?? ""]).joined(separator: " ").lowercased()
        return ["what did we decide", "what we decided", "what was decided"].contains { text.contains($0) }
    }
}
