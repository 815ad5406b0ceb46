import Foundation
import Testing

@testable import ConveneCore

/// voice-gap, ownership-gap, representation-drift and trust-gap: each at its threshold (fires),
/// just beside it (quiet), and with segments below k (never used).
@Suite struct EquitySignalTests {
    let detector = SignalDetector(library: Fixtures.library, clock: .utc)
    static let day: TimeInterval = 86_400
    static let roster = [
        Seat(label: "Agency", category: "public"), Seat(label: "Funder", category: "funder"),
        Seat(label: "Parent", category: "resident"), Seat(label: "Tenants", category: "grassroots"),
    ]

    static func counts(_ pairs: [(String, Int)]) -> [CategoryCount] { pairs.map { CategoryCount(category: $0.0, count: $0.1) } }

    static func session(_ index: Int, turns: [(String, Int)] = [], present: [(String, Int)]? = nil, pulses: [GroupHistory.Pulse] = [])
        -> GroupHistory.Session
    {
        var session = GroupHistory.Session(
            id: Int64(index + 1), date: Fixtures.t0.addingTimeInterval(Double(index) * 30 * day), title: "S\(index + 1)",
            headcount: present.map { $0.reduce(0) { $0 + $1.1 } },
            airtime: turns.map { Airtime.Row(label: $0.0, turns: $0.1, share: 0) }, pulses: pulses, conflictsRaised: 1)
        session.headcountByCategory = present.map(Self.counts)
        return session
    }

    static func history(_ sessions: [GroupHistory.Session], commitments: [GroupHistory.CommitmentEntry] = []) -> GroupHistory {
        var history = GroupHistory(group: "G", sessions: sessions, commitments: commitments)
        history.roster = roster
        return history
    }

    func signal(_ id: SignalID, _ history: GroupHistory) -> Signal? { detector.signals(history).first { $0.id == id } }

    // MARK: voice-gap

    @Test func voiceGapFiresWhenTheTestShowsLessThanHalfASeatShare() throws {
        // Over 3 sessions: resident 2 seats of 4 each time (0.5), 4 turns of 40 each time (0.1):
        // well under half its seat share (binomial p < 0.001). Two seats: watch, never act alone.
        let sessions = (0..<3).map { Self.session($0, turns: [("Parent", 4), ("Agency", 36)], present: [("resident", 2), ("public", 2)]) }
        let found = try #require(signal(.voiceGap, Self.history(sessions)))
        #expect(abs((found.figures["ratio.resident"] ?? 0) - 0.2) < 1e-12)
        #expect(found.severity == .watch)
        #expect(found.evidence.first?.contains("resident: 50% of the seats present, 10% of the turns (12 of 120)") == true)
        // Exactly half (10 of 40 a session, 0.25 of the turns): the data cannot show it is less.
        let atHalf = (0..<3).map { Self.session($0, turns: [("Parent", 10), ("Agency", 30)], present: [("resident", 2), ("public", 2)]) }
        #expect(signal(.voiceGap, Self.history(atHalf)) == nil)
        // 2 of 8 turns a session: 4 expected a session, under the 5 the test needs: too few to tell.
        let few = (0..<3).map { Self.session($0, turns: [("Parent", 2), ("Agency", 6)], present: [("resident", 2), ("public", 2)]) }
        #expect(signal(.voiceGap, Self.history(few))?.tooFew == Signal.Sample(has: 4, needs: 5, of: "expected turns in a session"))
    }

    @Test func voiceGapIsQuietJustAboveHalfAndFiresForASilentCategory() {
        let above = (0..<3).map { Self.session($0, turns: [("Parent", 26), ("Agency", 74)], present: [("resident", 2), ("public", 2)]) }
        #expect(signal(.voiceGap, Self.history(above)) == nil)
        // Only the last 3 tallied sessions count: an older silent one is outside the window.
        let old =
            [Self.session(0, turns: [("Agency", 5)], present: [("resident", 2), ("public", 2)])]
            + (1...3).map { Self.session($0, turns: [("Parent", 26), ("Agency", 74)], present: [("resident", 2), ("public", 2)]) }
        #expect(signal(.voiceGap, Self.history(old)) == nil)
        // Three residents present and silent over 3 sessions of 30 turns: act.
        let silent = (0..<3).map {
            Self.session($0, turns: [("Agency", 15), ("Funder", 15)], present: [("resident", 3), ("public", 4), ("funder", 3)])
        }
        let found = signal(.voiceGap, Self.history(silent))
        #expect(found?.severity == .act)
        #expect(found?.evidence.first?.contains("resident: 9 seats present") == true)
        // One resident seat, silent: the same evidence, but one seat never raises act alone.
        let one = (0..<3).map {
            Self.session($0, turns: [("Agency", 25), ("Funder", 25)], present: [("resident", 1), ("public", 5), ("funder", 4)])
        }
        #expect(signal(.voiceGap, Self.history(one))?.severity == .watch)
    }

    // MARK: ownership-gap

    static func commitment(_ number: Int, _ owner: String, session: Int64) -> GroupHistory.CommitmentEntry {
        GroupHistory.CommitmentEntry(number: number, owner: owner, action: "act", due: .none, madeSession: session)
    }

    @Test func ownershipGapFiresWhenTheTestShowsIt() {
        // Resident and grassroots seats: 4 of 8 (0.5) each session, so half their share is 0.25.
        let sessions = (0..<3).map { Self.session($0, present: [("resident", 2), ("grassroots", 2), ("public", 4)]) }
        func made(_ owners: [String]) -> [GroupHistory.CommitmentEntry] {
            owners.enumerated().map { Self.commitment($0.offset + 1, $0.element, session: Int64($0.offset % 3 + 1)) }
        }
        // 1 of 4 (0.25, at the size): 4 commitments are too few to tell (11 needed at a rate of 0.25).
        let four = signal(.ownershipGap, Self.history(sessions, commitments: made(["Parent", "Agency", "Agency", "Funder"])))
        #expect(four?.severity == .info && four?.tooFew == Signal.Sample(has: 4, needs: 11, of: "commitments made"))
        #expect(four.map { abs(($0.figures["share"] ?? 0) - 0.25) < 1e-12 && abs(($0.figures["seatShare"] ?? 0) - 0.5) < 1e-12 } == true)
        // None of 12 (p = 0.75^12 = 0.03): watch. None of 20 (p = 0.003), with 4 seats a session: act.
        #expect(signal(.ownershipGap, Self.history(sessions, commitments: made(Array(repeating: "Agency", count: 12))))?.severity == .watch)
        #expect(signal(.ownershipGap, Self.history(sessions, commitments: made(Array(repeating: "Agency", count: 20))))?.severity == .act)
        // 3 of 12 (0.25): at the size, but chance gives that from half the seat share: quiet.
        let fair = made(["Parent", "Tenants", "Parent"] + Array(repeating: "Agency", count: 9))
        #expect(signal(.ownershipGap, Self.history(sessions, commitments: fair)) == nil)
    }

    /// DESIGN.md's window: the last 3 sessions, not the last 3 that had a headcount by category.
    @Test func ownershipGapReadsTheLastThreeSessions() {
        var sessions = (0..<3).map { Self.session($0, present: [("resident", 2), ("grassroots", 2), ("public", 4)]) }
        sessions += (3..<6).map { Self.session($0) }
        // Commitments in the old counted sessions only: none in the window, nothing to say.
        let old = (0..<20).map { Self.commitment($0 + 1, "Agency", session: Int64($0 % 3 + 1)) }
        #expect(signal(.ownershipGap, Self.history(sessions, commitments: old)) == nil)
    }

    // MARK: representation-drift

    @Test func representationDriftFiresWhenTheTestShowsIt() {
        // Residents 12 → 0 while the total goes 30 → 28: a fall chance does not give; act.
        let gone = [Self.session(0, present: [("resident", 12), ("public", 18)]), Self.session(1, present: [("public", 28)])]
        let found = signal(.representationDrift, Self.history(gone))
        #expect(found?.severity == .act)
        #expect(found.map { abs(($0.figures["fall.resident"] ?? 0) - 1) < 1e-12 } == true)
        // Residents 5 → 3 (−40%) while the total goes 20 → 19: the size, but too few to tell.
        let drift = [
            Self.session(0, present: [("resident", 5), ("public", 15)]), Self.session(1, present: [("resident", 4), ("public", 15)]),
            Self.session(2, present: [("resident", 3), ("public", 16)]),
        ]
        #expect(signal(.representationDrift, Self.history(drift))?.tooFew == Signal.Sample(has: 5, needs: 7, of: "seats at the category's highest"))
        // Residents 20 → 12 (−40%) while the total goes 40 → 39: the size, but chance gives it (quiet).
        let larger = [
            Self.session(0, present: [("resident", 20), ("public", 20)]), Self.session(1, present: [("resident", 12), ("public", 27)]),
        ]
        #expect(signal(.representationDrift, Self.history(larger)) == nil)
        // 10 → 7 is −30%: under the size, quiet.
        let small = [Self.session(0, present: [("resident", 10), ("public", 10)]), Self.session(1, present: [("resident", 7), ("public", 12)])]
        #expect(signal(.representationDrift, Self.history(small)) == nil)
        // The total fell 25% too: that is attendance-drift, not a change in who comes.
        let everyone = [Self.session(0, present: [("resident", 5), ("public", 15)]), Self.session(1, present: [("resident", 3), ("public", 12)])]
        #expect(signal(.representationDrift, Self.history(everyone)) == nil)
        // Two residents gone: too few to tell (a category of two seats never raises anything alone).
        let two = [Self.session(0, present: [("resident", 2), ("public", 18)]), Self.session(1, present: [("public", 19)])]
        #expect(signal(.representationDrift, Self.history(two))?.severity == .info)
    }

    /// DESIGN.md's window: the last 4 sessions. A fall seen in sessions 2–5 is outside it when
    /// sessions 6–8 had plain headcounts.
    @Test func representationDriftReadsTheLastFourSessions() {
        var sessions = [Self.session(0, present: [("resident", 12), ("public", 18)])]
        sessions += (1...4).map { Self.session($0, present: [("public", 28)]) }
        sessions += (5...7).map { i -> GroupHistory.Session in
            var s = Self.session(i)
            s.headcount = 28
            return s
        }
        #expect(signal(.representationDrift, Self.history(sessions)) == nil)
        #expect(signal(.representationDrift, Self.history(Array(sessions.prefix(2)))) != nil)
    }

    // MARK: trust-gap

    static func trustPulse(_ segments: [(String, [Int])], pooled: [Int]? = nil) -> GroupHistory.Pulse {
        func row(_ name: String, _ values: [Int]) -> SegmentBreakdown.Row {
            SegmentBreakdown.Row(
                segment: name, count: values.count,
                distribution: (1...5).map { v in PulseResult.Bar(label: "\(v)", count: values.filter { $0 == v }.count) })
        }
        let all = segments.flatMap(\.1) + (pooled ?? [])
        var pulse = GroupHistory.Pulse(number: 1, question: "Trust?", answer: .scale, measures: .trust, count: all.count, values: all)
        pulse.segments = SegmentBreakdown(
            question: "Seat?", rows: segments.map { row($0.0, $0.1) }, other: pooled.map { row(SegmentBreakdown.otherLabel, $0) })
        return pulse
    }

    @Test func trustGapFiresAtExactlyThreeQuartersInTwoOfTheLastThree() {
        // Means 4.0 and 3.25 (a gap of exactly 0.75), 12 answers a segment, in two sessions of three.
        let gap = Self.trustPulse([("public", Array(repeating: 4, count: 12)), ("resident", Array(repeating: 3, count: 9) + [4, 4, 4])])
        let even = Self.trustPulse([("public", [4, 4, 4, 4, 4]), ("resident", [4, 4, 4, 4, 4])])
        let sessions = [Self.session(0, pulses: [gap]), Self.session(1, pulses: [even]), Self.session(2, pulses: [gap])]
        let found = signal(.trustGap, Self.history(sessions))
        #expect(found.map { abs(($0.figures["widestGap"] ?? 0) - 0.75) < 1e-12 } == true)
        // Eight answers a segment: too few to tell (10 needed).
        let eight = Self.trustPulse([("public", [4, 4, 4, 4, 4, 4, 4, 4]), ("resident", [3, 3, 3, 4, 3, 3, 3, 4])])
        let few = signal(
            .trustGap, Self.history([Self.session(0, pulses: [eight]), Self.session(1, pulses: [even]), Self.session(2, pulses: [eight])]))
        #expect(few?.tooFew == Signal.Sample(has: 8, needs: 10, of: "answers in a segment"))
        // In only one of the last three: quiet.
        #expect(
            signal(.trustGap, Self.history([Self.session(0, pulses: [gap]), Self.session(1, pulses: [even]), Self.session(2, pulses: [even])])) == nil
        )
        // A gap of 0.7: quiet.
        let near = Self.trustPulse([("public", [4, 4, 4, 4, 4, 4, 4, 4, 4, 4]), ("resident", [3, 3, 3, 4, 4, 3, 3, 4, 3, 3])])
        #expect(signal(.trustGap, Self.history([Self.session(0, pulses: [near]), Self.session(1, pulses: [near])])) == nil)
    }

    /// A session that asked counts as asked even when its segments could not be shown: a gap, no
    /// gap, a hidden one and a gap is 1 gap in the last 3 that asked, so nothing fires.
    @Test func aSegmentedPulseThatCouldNotBeShownCountsAsAsked() {
        let gap = Self.trustPulse([("public", Array(repeating: 4, count: 12)), ("resident", Array(repeating: 3, count: 12))])
        let even = Self.trustPulse([("public", Array(repeating: 4, count: 12)), ("resident", Array(repeating: 4, count: 12))])
        var hidden = Self.trustPulse([])
        hidden.segments = nil
        hidden.segmentation = PulseSegments(question: "Seat?", options: ["public", "resident"], byCategory: true)
        let sessions = [gap, even, hidden, gap].enumerated().map { Self.session($0.offset, pulses: [$0.element]) }
        #expect(signal(.trustGap, Self.history(sessions)) == nil)
        // Without the hidden one, the last 3 that asked are gap, no gap, gap: it fires.
        #expect(signal(.trustGap, Self.history([sessions[0], sessions[1], sessions[3]])) != nil)
    }

    @Test func trustGapNeverReadsThePoolOrPreferNotToSay() {
        // The pool and "prefer not to say" differ widely from the one shown segment, but neither is
        // a part of the room: no gap.
        let pulse = Self.trustPulse([("public", [5, 5, 5, 5, 5]), (PulseSegments.preferNot, [1, 1, 1, 1, 1])], pooled: [1, 1, 1, 1, 1])
        #expect(signal(.trustGap, Self.history([Self.session(0, pulses: [pulse]), Self.session(1, pulses: [pulse])])) == nil)
    }

    @Test func segmentsOfAPulseBelowTheThresholdAreNeverUsed() {
        // Four answers in all with k = 5: the pulse is not revealed, so its segments are dropped
        // before any signal reads them, whatever the source put in.
        let small = Self.trustPulse([("public", [5, 5]), ("resident", [1, 1])])
        let history = Self.history([Self.session(0, pulses: [small]), Self.session(1, pulses: [small]), Self.session(2, pulses: [small])])
        #expect(signal(.trustGap, history) == nil)
        #expect(history.revealedOnly().sessions.allSatisfy { $0.pulses.allSatisfy { $0.segments == nil } })
    }
}

/// Values exactly on a threshold fire (DESIGN.md), whatever the floating-point arithmetic gives.
@Suite struct ThresholdEdgeTests {
    let detector = SignalDetector(library: Fixtures.library, clock: .utc)

    @Test func aGiniOfExactlyTwoFifthsFires() throws {
        // Turns [9, 1]: Gini 2/5, computed 0.3999999999999999; 90% is not above twice a fair share (100%).
        var session = EquitySignalTests.session(0, turns: [("A", 9), ("B", 1)])
        session.headcountByCategory = nil
        let history = GroupHistory(group: "G", sessions: [session])
        let signal = try #require(detector.signals(history).first { $0.id == .airtimeImbalance })
        #expect(abs((signal.figures["gini"] ?? 0) - 0.4) < 1e-12)
    }

    @Test func aWorthSlopeOfExactlyMinusPointFifteenFires() {
        // Means 4.0, 3.85, 3.70, 3.55 (slope −0.15), the last 0.45 below the first; then 3.25 makes
        // the drop 0.75 with a slope of exactly... computed per DESIGN: the window of the last ≤ 6.
        let means = [4.0, 3.85, 3.7, 3.55, 3.4]  // slope −0.15, drop 0.6
        let sessions = means.enumerated().map { index, mean in
            GroupHistory.Session(
                id: Int64(index + 1), date: Fixtures.t0.addingTimeInterval(Double(index) * 86_400 * 30), title: "S",
                pulses: [
                    GroupHistory.Pulse(
                        number: 1, question: "Worth?", answer: .scale, measures: .worth, count: 20,
                        values: Array(repeating: 4, count: Int((mean - 3) * 20 + 0.5)) + Array(repeating: 3, count: 20 - Int((mean - 3) * 20 + 0.5)))
                ],
                conflictsRaised: 1)
        }
        let history = GroupHistory(group: "G", sessions: sessions)
        let series = SignalDetector.series(history, [.worth]).map(\.mean)
        #expect(zip(series, means).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(detector.signals(history).contains { $0.id == .worthDecline })
    }
}
