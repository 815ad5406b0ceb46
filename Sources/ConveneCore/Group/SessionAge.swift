/// How long something the group carries has been open, in sessions: the one rule for a conflict's
/// age and a commitment's carry on every surface (the REPL, groups show, summaries, signals, the
/// HTML report). Signals once said "still open 7 sessions later" where groups show said "open for
/// 8 sessions" about the same conflict; both now count the same way.
public enum SessionAge {
    /// Sessions it has been open in, counting the one it was raised (or made) in and the current
    /// one: 1 in its first session. `start` and `current` are positions in the group's sessions in
    /// time order.
    public static func sessionsOpen(from start: Int, to current: Int) -> Int { max(1, current - start + 1) }

    /// A conflict's age as a person reads it: "raised this session", "open for 8 sessions".
    public static func conflictText(_ sessionsOpen: Int) -> String {
        sessionsOpen <= 1 ? "raised this session" : "open for \(Plural.count(sessionsOpen, "session"))"
    }

    /// Sessions after the one it was made in: how long a commitment has been carried.
    public static func carried(_ sessionsOpen: Int) -> Int { max(0, sessionsOpen - 1) }

    /// conflict-aging (DESIGN.md): still open after 3 sessions, i.e. 3 sessions held since the one
    /// it was raised in.
    public static let agingAfter = 3

    public static func isAging(_ sessionsOpen: Int) -> Bool { carried(sessionsOpen) >= agingAfter }
}
