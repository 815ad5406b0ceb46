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

    @Test func voiceGapFiresAtExactlyHalfASeatShare() throws {
        // Over 3 sessions: resident 2 seats of 4 each time (0.5), 2 turns of 8 each time (0.25).
        let sessions = (0..<3).map { Self.session($0, turns: [("Parent", 2), ("Agency", 6)], present: [("resident", 2), ("public", 2)]) }
        let found = try #require(signal(.voiceGap, Self.history(sessions)))
        #expect(abs((found.figures["ratio.resident"] ?? 0) - 0.5) < 1e-12)
        #expect(found.evidence.first?.contains("resident: 50% of the seats present, 25% of the turns (6 of 24)") == true)
    }

    @Test func voiceGapIsQuietJustAboveHalfAndFiresForASilentCategory() {
        let above = (0..<3).map { Self.session($0, turns: [("Parent", 26), ("Agency", 74)], present: [("resident", 2), ("public", 2)]) }
        #expect(signal(.voiceGap, Self.history(above)) == nil)
        // Only the last 3 tallied sessions count: an older silent one is outside the window.
        let old =
            [Self.session(0, turns: [("Agency", 5)], present: [("resident", 2), ("public", 2)])]
            + (1...3).map { Self.session($0, turns: [("Parent", 26), ("Agency", 74)], present: [("resident", 2), ("public", 2)]) }
        #expect(signal(.voiceGap, Self.history(old)) == nil)
        let silent = (0..<3).map {
            Self.session($0, turns: [("Agency", 5), ("Funder", 5)], present: [("resident", 1), ("public", 5), ("funder", 4)])
        }
        let found = signal(.voiceGap, Self.history(silent))
        #expect(found?.severity == .act)
        #expect(found?.evidence.first?.contains("resident: 3 seats present") == true)
    }

    // MARK: ownership-gap

    static func commitment(_ number: Int, _ owner: String, session: Int64) -> GroupHistory.CommitmentEntry {
        GroupHistory.CommitmentEntry(number: number, owner: owner, action: "act", due: .none, madeSession: session)
    }

    @Test func ownershipGapFiresAtExactlyHalfTheCommunityShareOfSeats() {
        // Resident and grassroots seats: 4 of 8 (0.5) each session; they own 1 of 4 commitments (0.25).
        let sessions = (0..<3).map { Self.session($0, present: [("resident", 2), ("grassroots", 2), ("public", 4)]) }
        let atHalf = [
            Self.commitment(1, "Parent", session: 1), Self.commitment(2, "Agency", session: 2), Self.commitment(3, "Agency", session: 3),
            Self.commitment(4, "Funder", session: 3),
        ]
        let found = signal(.ownershipGap, Self.history(sessions, commitments: atHalf))
        #expect(found != nil && found?.severity == .watch)
        #expect(found.map { abs(($0.figures["share"] ?? 0) - 0.25) < 1e-12 && abs(($0.figures["seatShare"] ?? 0) - 0.5) < 1e-12 } == true)
        // Two of four (0.5): no gap.
        let fair = atHalf.map { $0.number == 2 ? Self.commitment(2, "Tenants", session: 2) : $0 }
        #expect(signal(.ownershipGap, Self.history(sessions, commitments: fair)) == nil)
        // None owned: act.
        let none = atHalf.map { $0.owner == "Parent" ? Self.commitment($0.number, "Agency", session: $0.madeSession) : $0 }
        #expect(signal(.ownershipGap, Self.history(sessions, commitments: none))?.severity == .act)
    }

    // MARK: representation-drift

    @Test func representationDriftFiresAtFortyPercentWhileTheTotalHolds() {
        // Residents 5 → 3 (−40%) while the total goes 20 → 19 (−5%): fires.
        let drift = [
            Self.session(0, present: [("resident", 5), ("public", 15)]), Self.session(1, present: [("resident", 4), ("public", 15)]),
            Self.session(2, present: [("resident", 3), ("public", 16)]),
        ]
        let found = signal(.representationDrift, Self.history(drift))
        #expect(found.map { abs(($0.figures["fall.resident"] ?? 0) - 0.4) < 1e-12 } == true)
        // 10 → 7 is −30%: quiet.
        let small = [Self.session(0, present: [("resident", 10), ("public", 10)]), Self.session(1, present: [("resident", 7), ("public", 12)])]
        #expect(signal(.representationDrift, Self.history(small)) == nil)
        // The total fell 25% too: that is attendance-drift, not a change in who comes.
        let everyone = [Self.session(0, present: [("resident", 5), ("public", 15)]), Self.session(1, present: [("resident", 3), ("public", 12)])]
        #expect(signal(.representationDrift, Self.history(everyone)) == nil)
        // A category gone entirely is act.
        let gone = [Self.session(0, present: [("resident", 2), ("public", 18)]), Self.session(1, present: [("public", 19)])]
        #expect(signal(.representationDrift, Self.history(gone))?.severity == .act)
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
        // Means 4.0 and 3.25 (a gap of exactly 0.75), in two sessions of three.
        let gap = Self.trustPulse([("public", [4, 4, 4, 4, 4, 4, 4, 4]), ("resident", [3, 3, 3, 4, 3, 3, 3, 4])])
        let even = Self.trustPulse([("public", [4, 4, 4, 4, 4]), ("resident", [4, 4, 4, 4, 4])])
        let sessions = [Self.session(0, pulses: [gap]), Self.session(1, pulses: [even]), Self.session(2, pulses: [gap])]
        let found = signal(.trustGap, Self.history(sessions))
        #expect(found.map { abs(($0.figures["widestGap"] ?? 0) - 0.75) < 1e-12 } == true)
        // In only one of the last three: quiet.
        #expect(
            signal(.trustGap, Self.history([Self.session(0, pulses: [gap]), Self.session(1, pulses: [even]), Self.session(2, pulses: [even])])) == nil
        )
        // A gap of 0.7: quiet.
        let near = Self.trustPulse([("public", [4, 4, 4, 4, 4, 4, 4, 4, 4, 4]), ("resident", [3, 3, 3, 4, 4, 3, 3, 4, 3, 3])])
        #expect(signal(.trustGap, Self.history([Self.session(0, pulses: [near]), Self.session(1, pulses: [near])])) == nil)
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
