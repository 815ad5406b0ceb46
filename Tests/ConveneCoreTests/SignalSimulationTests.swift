import Foundation
import Testing

@testable import ConveneCore

/// The simulation harness of DESIGN.md's "Evidence a statistician would accept": histories drawn
/// from noise (no real change) at the sizes Convene meets (6–60 people, 3–8 sessions, k 3–10), and
/// each signal's and scorecard trend's false-alarm rate checked against 5% with a fixed seed. Then
/// the power for one stated real change. Seeded: the same figures on every machine.
@Suite struct SignalSimulationTests {
    let detector = SignalDetector(library: Fixtures.library, clock: .utc)
    static let runs = 1500

    /// A group drawn at random within DESIGN.md's sizes.
    struct Group {
        var people: Int
        var sessions: Int
        var k: Int
        var attendance: Double
        /// Seat categories of the people, 4 or 5 of 2–6 seats each.
        var categories: [String]
        /// How much each person talks relative to others (varies: talkativeness is not a signal).
        var talk: [Double]

        init(_ random: inout SeededGenerator, people range: ClosedRange<Int> = 6...60) {
            sessions = Int.random(in: 3...8, using: &random)
            k = Int.random(in: 3...10, using: &random)
            attendance = Double.random(in: 0.6...0.95, using: &random)
            let names = ["resident", "grassroots", "nonprofit", "public", "funder"].prefix(Int.random(in: 4...5, using: &random))
            var categories: [String] = []
            for name in names { categories += Array(repeating: name, count: Int.random(in: 2...6, using: &random)) }
            // Larger rooms fill with the categories' proportions.
            let wanted = Int.random(in: range, using: &random)
            while categories.count < wanted { categories.append(categories[Int.random(in: 0..<categories.count, using: &random)]) }
            people = categories.count
            self.categories = categories
            talk = (0..<categories.count).map { _ in Double.random(in: 0.3...2.5, using: &random) }
        }
    }

    /// Answer distributions on 1–5: a typical room, the quiet-conflict boundary (mean 3.0, 30% at 2
    /// or below) and the split-room boundary (a standard deviation of 1.2).
    static let typical = [0.05, 0.15, 0.3, 0.35, 0.15]
    static let lowBoundary = [0.1, 0.2, 0.4, 0.2, 0.1]
    static let spreadBoundary = [0.14, 0.16, 0.4, 0.16, 0.14]

    static func draw(_ weights: [Double], _ random: inout SeededGenerator) -> Int {
        var u = Double.random(in: 0..<1, using: &random)
        for (index, w) in weights.enumerated() {
            if u < w { return index + 1 }
            u -= w
        }
        return weights.count
    }

    static func weighted(_ weights: [Double], _ random: inout SeededGenerator) -> Int {
        let total = weights.reduce(0, +)
        var u = Double.random(in: 0..<total, using: &random)
        for (index, w) in weights.enumerated() {
            if u < w { return index }
            u -= w
        }
        return weights.count - 1
    }

    /// A history of pure noise: who comes, what they answer, who speaks and who commits are drawn
    /// independently of session and category.
    static func noise(
        _ group: Group, answers weights: [Double], conflicts: Bool = true, turnsPerSession: ClosedRange<Int> = 10...20,
        shift: (Int) -> Double = { _ in 0 }, answersPerSession: Int? = nil, shiftBy: (String) -> Double = { _ in 0 },
        talkBy: (String) -> Double = { _ in 1 }, attendanceBy: (Int) -> Double = { _ in 1 }, random: inout SeededGenerator
    ) -> GroupHistory {
        var sessions: [GroupHistory.Session] = []
        var commitments: [GroupHistory.CommitmentEntry] = []
        let roster = group.categories.enumerated().map { Seat(label: "P\($0.offset)", category: $0.element) }
        for index in 0..<group.sessions {
            let present = (0..<group.people).filter { _ in Double.random(in: 0..<1, using: &random) < group.attendance * attendanceBy(index) }
            let here = present.isEmpty ? [0] : present
            let n = answersPerSession ?? here.count
            // A real change, when asked for, moves answers down by `shift(index)` points (rounded at random).
            let values = (0..<n).map { i -> Int in
                let raw = Double(draw(weights, &random)) - shift(index) - shiftBy(group.categories[here[i % here.count]])
                let floor = raw.rounded(.down)
                return Int(min(5, max(1, Double.random(in: 0..<1, using: &random) < raw - floor ? floor + 1 : floor)))
            }
            var trust = GroupHistory.Pulse(
                number: 1, question: "Trust?", answer: .scale, measures: .trust, count: values.count, threshold: group.k, present: max(n, here.count),
                values: values)
            // The same answers by category, as a segmented pulse shows them: segments of k or more.
            var byCategory: [String: [Int]] = [:]
            for (i, value) in values.enumerated() { byCategory[group.categories[here[i % here.count]], default: []].append(value) }
            let rows = byCategory.keys.sorted().compactMap { name -> SegmentBreakdown.Row? in
                let v = byCategory[name]!
                guard v.count >= group.k else { return nil }
                return SegmentBreakdown.Row(
                    segment: name, count: v.count,
                    distribution: (1...5).map { x in PulseResult.Bar(label: "\(x)", count: v.filter { $0 == x }.count) })
            }
            trust.segments = SegmentBreakdown(question: "Seat?", rows: rows)
            trust.segmentation = PulseSegments(question: "Seat?", options: Array(Set(group.categories)).sorted(), byCategory: true)
            let turns = Int.random(in: turnsPerSession, using: &random)
            var counts = Array(repeating: 0, count: here.count)
            for _ in 0..<turns { counts[weighted(here.map { group.talk[$0] * talkBy(group.categories[$0]) }, &random)] += 1 }
            var session = GroupHistory.Session(
                id: Int64(index + 1), date: Fixtures.t0.addingTimeInterval(Double(index) * 14 * 86_400), title: "S\(index + 1)",
                headcount: here.count,
                airtime: zip(here, counts).filter { $0.1 > 0 }.map { Airtime.Row(label: "P\($0.0)", turns: $0.1, share: 0) },
                pulses: [trust], conflictsRaised: conflicts ? Int.random(in: 0...2, using: &random) : 0)
            var seats: [String: Int] = [:]
            for person in here { seats[group.categories[person], default: 0] += 1 }
            session.headcountByCategory = seats.keys.sorted().map { CategoryCount(category: $0, count: seats[$0]!) }
            session.seats = roster
            // The inclusion and learning pulses of the scorecard, drawn like the rest.
            for (number, measure) in [(2, PulseSpec.Measure.inclusion), (3, .learning)] {
                let answers = (0..<n).map { _ in draw(weights, &random) }
                session.pulses.append(
                    GroupHistory.Pulse(
                        number: number, question: measure.rawValue, answer: .scale, measures: measure, count: n, threshold: group.k,
                        present: max(n, here.count), values: answers))
            }
            sessions.append(session)
            for _ in 0..<Int.random(in: 0...8, using: &random) {
                let owner = here[Int.random(in: 0..<here.count, using: &random)]
                commitments.append(
                    GroupHistory.CommitmentEntry(
                        number: commitments.count + 1, owner: "P\(owner)", action: "act", due: .nextSession, madeSession: Int64(index + 1),
                        doneSession: index + 1 < group.sessions && Bool.random(using: &random) ? Int64(index + 2) : nil))
            }
        }
        // Each conflict raised is resolved in a later session half the time.
        var conflicts: [GroupHistory.ConflictEntry] = []
        for (index, session) in sessions.enumerated() {
            for _ in 0..<session.conflictsRaised {
                let later =
                    index + 1 < sessions.count && Bool.random(using: &random) ? Int.random(in: index + 1..<sessions.count, using: &random) : nil
                conflicts.append(
                    .init(number: conflicts.count + 1, text: "c", raisedSession: session.id, resolvedSession: later.map { sessions[$0].id }))
            }
        }
        var history = GroupHistory(group: "G", threshold: group.k, sessions: sessions, conflicts: conflicts, commitments: commitments)
        history.roster = roster
        return history
    }

    /// The share of runs in which `fires` says a signal fired (watch or act; "too few to tell" is not a firing).
    static func rate(seed: UInt64, runs: Int = runs, _ fires: (inout SeededGenerator) -> Bool) -> Double {
        var random = SeededGenerator(seed: seed)
        var fired = 0
        for _ in 0..<runs where fires(&random) { fired += 1 }
        return Double(fired) / Double(runs)
    }

    func fired(_ signal: Signal?) -> Bool { signal.map { $0.severity != .info } ?? false }

    @Test func noSignalFiresOnNoiseMoreThanOneTimeInTwenty() {
        let revealed = { (h: GroupHistory) in h.revealedOnly() }
        let rates: [(String, Double)] = [
            (
                "trust-decline",
                Self.rate(seed: 1) { r in
                    fired(
                        detector.decline(
                            revealed(Self.noise(Group(&r), answers: Self.typical, random: &r)), measures: [.trust], id: .trustDecline, name: "trust",
                            headline: "T"))
                }
            ),
            (
                "split-room",
                Self.rate(seed: 2) { r in fired(detector.splitRoom(revealed(Self.noise(Group(&r), answers: Self.spreadBoundary, random: &r)))) }
            ),
            (
                "quiet-conflict",
                Self.rate(seed: 3) { r in
                    fired(detector.quietConflict(revealed(Self.noise(Group(&r), answers: Self.lowBoundary, conflicts: false, random: &r))))
                }
            ),
            (
                "airtime-imbalance",
                Self.rate(seed: 4) { r in
                    var group = Group(&r)
                    group.talk = group.talk.map { _ in 1 }
                    return fired(detector.airtimeImbalance(Self.noise(group, answers: Self.typical, turnsPerSession: 10...60, random: &r)))
                }
            ),
            (
                "attendance-drift",
                Self.rate(seed: 5) { r in fired(detector.attendanceDrift(Self.noise(Group(&r), answers: Self.typical, random: &r))) }
            ),
            ("follow-through", Self.rate(seed: 6) { r in fired(detector.followThrough(Self.noise(Group(&r), answers: Self.typical, random: &r))) }),
            ("voice-gap", Self.rate(seed: 7) { r in fired(detector.voiceGap(Self.noise(Group(&r), answers: Self.typical, random: &r))) }),
            (
                "voice-gap, 20–60 turns",
                Self.rate(seed: 8) { r in fired(detector.voiceGap(Self.noise(Group(&r), answers: Self.typical, turnsPerSession: 20...60, random: &r)))
                }
            ),
            ("ownership-gap", Self.rate(seed: 9) { r in fired(detector.ownershipGap(Self.noise(Group(&r), answers: Self.typical, random: &r))) }),
            (
                "representation-drift",
                Self.rate(seed: 10) { r in fired(detector.representationDrift(Self.noise(Group(&r), answers: Self.typical, random: &r))) }
            ),
            ("trust-gap", Self.rate(seed: 11) { r in fired(detector.trustGap(revealed(Self.noise(Group(&r), answers: Self.typical, random: &r)))) }),
        ]
        for (name, rate) in rates {
            print("false alarms on noise · \(name): \(String(format: "%.1f%%", rate * 100)) of \(Self.runs)")
            #expect(rate <= 0.05, "\(name) fires on noise \(rate * 100)% of the time")
        }
    }

    @Test func noScorecardTrendCallsADirectionOnNoiseMoreThanOneTimeInTwenty() {
        // Six sessions (3 beside 3) of noise: every indicator's trend.
        var random = SeededGenerator(seed: 21)
        var called: [String: Int] = [:]
        var tested: [String: Int] = [:]
        for _ in 0..<Self.runs {
            var group = Group(&random)
            group.sessions = 6
            let history = Self.noise(group, answers: Self.typical, random: &random)
            for row in Scorecard(history: history, library: Fixtures.library, clock: .utc).rows {
                for indicator in row.indicators where indicator.p != nil {
                    tested[indicator.name, default: 0] += 1
                    if indicator.trend == "up" || indicator.trend == "down" { called[indicator.name, default: 0] += 1 }
                }
            }
        }
        // The harness reaches every kind of test: means, shares and counts.
        #expect(tested.count >= 7, "tested: \(tested.keys.sorted())")
        for (name, runs) in tested.sorted(by: { $0.key < $1.key }) {
            let rate = Double(called[name] ?? 0) / Double(Self.runs)
            print("direction called on noise · \(name): \(String(format: "%.1f%%", rate * 100)) of \(Self.runs) (tested in \(runs))")
            #expect(rate <= 0.05, "\(name) calls a direction on noise \(rate * 100)% of the time")
        }
    }

    @Test func trustDeclinePowerForAStatedChange() {
        // The stated real change: trust falls 0.75 over 4 sessions (0.25 a session), 15 answers each.
        let power = Self.rate(seed: 31) { r in
            var group = Group(&r)
            group.sessions = 4
            let history = Self.noise(group, answers: Self.typical, shift: { Double($0) * 0.25 }, answersPerSession: 15, random: &r)
            return fired(detector.decline(history.revealedOnly(), measures: [.trust], id: .trustDecline, name: "trust", headline: "T"))
        }
        print("power · trust-decline, a fall of 0.75 over 4 sessions of 15 answers: \(String(format: "%.1f%%", power * 100))")
        #expect(power >= 0.25)
    }

    /// The power for one stated real change per signal, as reported in each signal's documentation.
    @Test func powerForOneStatedChangePerSignal() {
        let cases: [(String, Double)] = [
            (
                "voice-gap, residents speaking a fifth as often as the others, 20–60 turns a session",
                Self.rate(seed: 41) { r in
                    fired(
                        detector.voiceGap(
                            Self.noise(Group(&r), answers: Self.typical, turnsPerSession: 20...60, talkBy: { $0 == "resident" ? 0.2 : 1 }, random: &r)
                        ))
                }
            ),
            (
                "trust-gap, residents' trust 1.0 lower, 30–60 people",
                Self.rate(seed: 42) { r in
                    fired(
                        detector.trustGap(
                            Self.noise(Group(&r, people: 30...60), answers: Self.typical, shiftBy: { $0 == "resident" ? 1 : 0 }, random: &r)
                                .revealedOnly()))
                }
            ),
            (
                "attendance-drift, the latest session's attendance down 40%",
                Self.rate(seed: 43) { r in
                    var group = Group(&r)
                    group.sessions = 4
                    return fired(detector.attendanceDrift(Self.noise(group, answers: Self.typical, attendanceBy: { $0 == 3 ? 0.6 : 1 }, random: &r)))
                }
            ),
        ]
        for (name, power) in cases {
            print("power · \(name): \(String(format: "%.1f%%", power * 100))")
            // Well above the 5% that noise gives: the test sees the change, if not always.
            #expect(power >= 0.1, "\(name)")
        }
    }
}
