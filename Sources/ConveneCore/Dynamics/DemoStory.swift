import Foundation

/// The "Demo Collaborative": twelve monthly steering meetings of a fictional early-literacy
/// collaborative, written so that a first-time user sees what Convene notices. Trust and worth
/// slide in the second half, the room splits, a funding concern keeps returning in anonymous
/// comments but is never raised, one agency dominates the talk, attendance falls, commitments
/// pile up and a data-sharing conflict goes unresolved. Deterministic: the same every time.
public struct DemoStory: Sendable {
    public struct Session: Sendable {
        public var events: [SessionEvent]
        /// Anonymous answers per pulse number.
        public var answers: [Int: [PulseAnswer]]
    }

    public static let groupName = "Demo Collaborative"

    public var library: Library
    public var clock: CivilClock

    public init(library: Library, clock: CivilClock = .utc) {
        self.library = library
        self.clock = clock
    }

    static let organizations = [
        "County Health", "Eastside Tenants", "Literacy Now", "School District", "United Way", "Youth Council", "Public Library",
    ]
    /// The table's roster: the seats the room already names, with their categories.
    static let roster: [Seat] = [
        Seat(label: "United Way", category: "funder", organization: "United Way of the County"),
        Seat(label: "School District", category: "public"), Seat(label: "County Health", category: "public"),
        Seat(label: "Public Library", category: "public"), Seat(label: "Literacy Now", category: "nonprofit"),
        Seat(label: "Eastside Tenants", category: "grassroots"), Seat(label: "Youth Council", category: "grassroots"),
        Seat(label: "Familias Unidas", category: "grassroots"),
        Seat(label: "Parent 1", category: "resident"), Seat(label: "Parent 2", category: "resident"), Seat(label: "Resident 1", category: "resident"),
    ]
    /// Speakers beyond the seven organizations: one more grassroots group and the residents, who speak little.
    static let quieter = ["Familias Unidas", "Parent 1", "Parent 2", "Resident 1"]
    /// Who takes commitments: the agencies, with a grassroots group now and then early on.
    static let owners = ["United Way", "School District", "County Health", "Literacy Now", "Public Library", "Eastside Tenants"]

    /// The headcount by category: agencies steady, residents and grassroots groups filling the rest.
    static func headcount(_ index: Int) -> [CategoryCount] {
        let total = headcounts[index]
        let fixed = [("funder", 2), ("public", 5), ("nonprofit", 3)]
        let rest = total - fixed.reduce(0) { $0 + $1.1 }
        let residents = max(1, rest / 2 - (index >= 8 ? 1 : 0))
        return [CategoryCount(category: "resident", count: residents), CategoryCount(category: "grassroots", count: rest - residents)]
            + fixed.map { CategoryCount(category: $0.0, count: $0.1) }
    }

    /// In the last three meetings the trust question is asked by seat category: the public agencies
    /// trust the table, the grassroots groups much less. Sizes keep two segments shown (remainder rule).
    static let segmentedTrust: [Int: [(segment: String, count: Int, mean: Double)]] = [
        9: [("public", 5, 4.2), ("grassroots", 5, 2.2), ("nonprofit", 3, 3.3), ("resident", 2, 2.5)],
        10: [("public", 7, 4.0), ("grassroots", 6, 2.0)],
        11: [("public", 6, 4.5), ("grassroots", 5, 1.2)],
    ]
    static let headcounts = [21, 23, 22, 22, 21, 22, 20, 21, 20, 17, 15, 13]
    static let trustMeans = [3.9, 4.0, 4.1, 4.0, 4.1, 4.0, 3.9, 3.6, 3.4, 3.2, 2.9, 2.6]
    static let worthMeans = [4.2, 4.3, 4.1, 4.2, 4.2, 4.1, 4.0, 3.7, 3.5, 3.3, 3.0, 2.8]
    static let concerns = [
        6: "the funding formula still favors the big agencies",
        8: "nobody will say it but the funding formula decides who stays",
        9: "we keep avoiding the funding formula",
        11: "small groups are priced out by the funding formula",
    ]

    public func sessions() -> [Session] {
        var random = SeededGenerator(seed: 2026)
        let plan = library.plans["monthly-steering"]
        let agenda =
            plan.map { Facilitator(library: library).agenda(for: $0) }
            ?? [AgendaItem(key: 1, activityID: "one-word-arrival", title: "One-word arrival", plannedMinutes: 10)]
        let trust =
            library["trust-at-this-table"].flatMap { a in a.pulse.map { PulseQuestion(a, pulse: $0) } }
            ?? PulseQuestion(
                text: "I trust the other organizations at this table.", answer: .scale,
                scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "fully"), measures: .trust)
        let worth =
            library["worth-your-time"].flatMap { a in a.pulse.map { PulseQuestion(a, pulse: $0) } }
            ?? PulseQuestion(
                text: "Was this meeting worth your time?", answer: .scale,
                scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "completely"), measures: .worth)
        var conflictNumber = 0
        var commitmentNumber = 0
        var result: [Session] = []
        for index in 0..<12 {
            // Monthly, December 2025 to November 2026.
            let date = index == 0 ? clock.date(year: 2025, month: 12, day: 4, hour: 17) : clock.date(year: 2026, month: index, day: 5, hour: 17)
            var at = date
            func tick(_ minutes: Double) -> Date {
                at = at.addingTimeInterval(minutes * 60)
                return at
            }
            var events: [SessionEvent] = [
                SessionEvent(
                    at: at,
                    .started(
                        group: Self.groupName, plan: plan?.name ?? "monthly-steering", title: plan?.title ?? "Monthly steering committee",
                        agenda: agenda)),
                SessionEvent(at: at, .moved(to: agenda[0].key, how: .start)),
                SessionEvent(at: tick(2), .presentBy(categories: Self.headcount(index))),
                SessionEvent(
                    at: tick(3),
                    .noted(
                        item: agenda[0].key,
                        text: index < 7 ? "Good energy; two new members introduced." : "Several people arrived late; the room felt tired.")),
            ]
            if index == 0 { events += Self.roster.map { SessionEvent(at: tick(0.1), .seated($0)) } }
            var answers: [Int: [PulseAnswer]] = [:]
            // Trust pulse, answered by most of the room; one meeting had too few answers to show.
            let trustCount = index == 4 ? 4 : Self.headcounts[index] - 2
            var trustAnswers = (0..<trustCount).map { _ in PulseAnswer(value: Self.value(mean: Self.trustMeans[index], spread: 0.7, using: &random)) }
            var trustQuestion = trust
            if let segments = Self.segmentedTrust[index] {
                // The last meetings split by seat: the big agencies feel fine, the small groups do not.
                trustQuestion.segments = .byCategory(Seat.defaultCategories)
                trustAnswers = segments.flatMap { segment in
                    (0..<segment.count).map { _ in
                        PulseAnswer(value: Self.value(mean: segment.mean, spread: 0.5, using: &random), segment: segment.segment)
                    }
                }
            }
            if let concern = Self.concerns[index] { trustAnswers[0].comment = concern }
            if index == 10 { trustAnswers[1].comment = "Decisions seem made before we arrive" }
            events.append(SessionEvent(at: tick(4), .moved(to: agenda[min(1, agenda.count - 1)].key, how: .next)))
            events.append(SessionEvent(at: tick(1), .pulseOpened(number: 1, question: trustQuestion)))
            answers[1] = trustAnswers
            events.append(SessionEvent(at: tick(4), .pulseClosed(number: 1)))
            // Conflicts in the room stop after the seventh meeting.
            if [1, 3, 4, 6].contains(index) {
                conflictNumber += 1
                let texts = [
                    1: "Who gets named as lead on the state grant", 3: "Meeting times exclude parents who work evenings",
                    4: "Data sharing with the county stalls", 6: "Credit for the summer reading results",
                ]
                events.append(SessionEvent(at: tick(10), .conflictRaised(number: conflictNumber, text: texts[index]!)))
            }
            if index == 2 {
                events.append(SessionEvent(at: tick(5), .conflictResolved(number: 1, note: "Co-leads: Literacy Now and the School District")))
            }
            if index == 5 { events.append(SessionEvent(at: tick(5), .conflictResolved(number: 2, note: "Alternate evening and lunchtime meetings"))) }
            if index == 8 { events.append(SessionEvent(at: tick(5), .conflictResolved(number: 4, note: "Joint press release naming every partner"))) }
            // Airtime: balanced early, one agency carries the later meetings.
            let turns: [Int] = index < 6 ? [5, 4, 4, 5, 4, 3, 4] : index < 10 ? [9, 3, 4, 5, 3, 2, 3] : [16, 2, 3, 3, 2, 1, 2]
            for (org, count) in zip(Self.organizations, turns) {
                for _ in 0..<count { events.append(SessionEvent(at: tick(0.2), .spoke(label: org))) }
            }
            // The residents and the newest grassroots group: a turn now and then, fewer later.
            for (position, label) in Self.quieter.enumerated() where index < 6 || position == (index % 4) {
                events.append(SessionEvent(at: tick(0.2), .spoke(label: label)))
            }
            // Commitments: made every meeting, kept early, then mostly carried.
            for offset in 0..<2 {
                commitmentNumber += 1
                let owner = index < 4 && offset == 1 ? "Eastside Tenants" : Self.owners[(index + offset) % (Self.owners.count - 1)]
                let action = [
                    "share enrollment numbers", "draft the family survey", "book the spring venue", "send the MOU to legal",
                    "recruit two parent reps", "update the shared calendar",
                ][(index * 2 + offset) % 6]
                events.append(SessionEvent(at: tick(2), .committed(number: commitmentNumber, owner: owner, action: action, due: .nextSession)))
            }
            if index > 0 && (index < 7 || index == 9) {
                events.append(SessionEvent(at: tick(1), .commitmentDone(number: (index - 1) * 2 + 1)))
                if index < 6 { events.append(SessionEvent(at: tick(1), .commitmentDone(number: (index - 1) * 2 + 2))) }
            }
            events.append(
                SessionEvent(
                    at: tick(5),
                    .noted(
                        item: agenda[min(1, agenda.count - 1)].key,
                        text: index < 7 ? "Agreed next steps quickly." : "Discussion went around in circles; the same voices again.")))
            events.append(SessionEvent(at: tick(30), .moved(to: agenda[agenda.count - 1].key, how: .goto)))
            events.append(SessionEvent(at: tick(1), .pulseOpened(number: 2, question: worth)))
            answers[2] = (0..<(Self.headcounts[index] - 3)).map { _ in
                PulseAnswer(value: Self.value(mean: Self.worthMeans[index], spread: 0.6, using: &random))
            }
            events.append(SessionEvent(at: tick(3), .pulseClosed(number: 2)))
            events.append(SessionEvent(at: tick(5), .ended))
            result.append(Session(events: events, answers: answers))
        }
        return result
    }

    /// A plausible 1–5 answer around a mean.
    static func value<R: RandomNumberGenerator>(mean: Double, spread: Double, using random: inout R) -> Int {
        // Sum of three uniforms: roughly bell-shaped, deterministic, no floating-point library calls.
        let noise =
            (Double.random(in: -1...1, using: &random) + Double.random(in: -1...1, using: &random) + Double.random(in: -1...1, using: &random)) / 1.5
        return min(5, max(1, Int((mean + noise * spread).rounded())))
    }
}
