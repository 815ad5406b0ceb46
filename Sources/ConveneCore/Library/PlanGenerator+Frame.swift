extension PlanGenerator {
    /// The opening and the closing, and their minutes: together at most `frameShare` of the meeting,
    /// with rounds timed for the room or, when the room is too big for that, at tables.
    struct Frame: Sendable {
        var opener: Activity
        var closer: Activity
        var openerMinutes: Int
        var closerMinutes: Int
        /// Set when the rounds run at tables (their large-group variation) to fit.
        var atTables: Bool

        var total: Int { openerMinutes + closerMinutes }
    }

    /// `decides`: the plan will decide something, so a closing that asks what was decided may close it.
    func frame(
        _ request: Request, pools: Pools, decides: Bool, strict: Bool, random: inout some RandomNumberGenerator
    ) -> Frame? {
        let cap = Int(Double(request.minutes) * Self.frameShare)
        let openers = pools.of(.open)
        let closers = pools.of(.close).filter { decides || !$0.asksWhatWasDecided }
        for atTables in [false, true] {
            // At tables, a round takes as long as it does for one table of the room.
            let size = atTables ? request.groupSize.map { min($0, Self.tableSize) } : request.groupSize
            if atTables && size == request.groupSize { break }
            let minutes = { (activity: Activity) in activity.minutes(for: size, interpreted: pools.interpreted) }
            let shortestCloser = closers.map { minutes($0).min }.min() ?? Int.max
            guard
                let opener = pick(
                    openers.filter { minutes($0).min + shortestCloser <= cap }, recent: request.recent, strict: strict, random: &random),
                let closer = pick(
                    closers.filter { minutes(opener).min + minutes($0).min <= cap }, recent: request.recent, strict: strict, random: &random)
            else { continue }
            var given = (minutes(opener).typical, minutes(closer).typical)
            // Trim the one with more slack above its minimum until the pair fits the share.
            while given.0 + given.1 > cap {
                if given.0 - minutes(opener).min >= given.1 - minutes(closer).min { given.0 -= 1 } else { given.1 -= 1 }
            }
            return Frame(opener: opener, closer: closer, openerMinutes: given.0, closerMinutes: given.1, atTables: atTables)
        }
        return nil
    }

    /// The frame's line for the notes when its rounds run at tables.
    func frameNote(_ frame: Frame, size: Int?) -> String? {
        guard frame.atTables, let size else { return nil }
        let rounds = [frame.opener, frame.closer].filter { $0.perPerson != nil }.map(\.title)
        guard !rounds.isEmpty else { return nil }
        return
            "With \(size) people, \(rounds.joined(separator: " and ")) run\(rounds.count == 1 ? "s" : "") at tables of \(Self.tableSize) (the large-group variation), so the opening and closing stay within a quarter of the meeting."
    }
}
