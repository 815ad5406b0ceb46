import Foundation
import Testing

@testable import ConveneCore

/// Each signal fires on a history built for it and stays quiet on one just short of its threshold.
@Suite struct SignalTests {
    let detector = SignalDetector(library: Fixtures.library, clock: .utc)
    static let day: TimeInterval = 86_400

    /// A session with a trust pulse whose answers are exactly `values`.
    static func session(
        _ index: Int, trust values: [Int]? = nil, worth: [Int]? = nil, headcount: Int? = nil, conflicts: Int = 0,
        airtime: [Int] = [], comments: [String] = [], closed: Bool = true
    ) -> GroupHistory.Session {
        var pulses: [GroupHistory.Pulse] = []
        if let values {
            pulses.append(
                GroupHistory.Pulse(
                    number: 1, question: "Trust?", answer: .scale, measures: .trust, closed: closed, count: values.count, values: values,
                    comments: comments))
        }
        if let worth {
            pulses.append(GroupHistory.Pulse(number: 2, question: "Worth?", answer: .scale, measures: .worth, count: worth.count, values: worth))
        }
        return GroupHistory.Session(
            id: Int64(index + 1), date: Fixtures.t0.addingTimeInterval(Double(index) * 30 * day), title: "S\(index + 1)",
            headcount: headcount, airtime: airtime.enumerated().map { Airtime.Row(label: "L\($0.offset)", turns: $0.element, share: 0) },
            pulses: pulses, conflictsRaised: conflicts)
    }

    /// Five answers with a given sum: a mean of sum/5.
    static func five(mean: Double) -> [Int] { answers(mean: mean, count: 5) }

    /// `count` answers with a given mean (to the nearest 1/count), as even as integers allow.
    static func answers(mean: Double, count: Int) -> [Int] {
        let total = Int((mean * Double(count)).rounded())
        var values = Array(repeating: total / count, count: count)
        for i in 0..<(total % count) { values[i] += 1 }
        return values
    }

    func ids(_ history: GroupHistory) -> [SignalID] { detector.signals(history).map(\.id) }

    @Test func trustDeclineFiresOnASteadySlideAndNotOnAShallowOne() {
        // Issue 24: five answers a session are too few to tell a fall from chance (10 needed).
        let five = GroupHistory(
            group: "G",
            sessions: [4.2, 4.0, 3.8, 3.6, 3.4, 3.2].enumerated().map { Self.session($0.offset, trust: Self.five(mean: $0.element), conflicts: 1) })
        let small = detector.signals(five).first { $0.id == .trustDecline }
        #expect(small?.severity == .info && small?.tooFew == Signal.Sample(has: 5, needs: 10, of: "answers in the first or latest session"))
        #expect(abs((small?.figures["slope"] ?? 0) + 0.2) < 1e-9)
        let sliding = GroupHistory(
            group: "G",
            sessions: [4.2, 4.0, 3.8, 3.6, 3.4, 3.2].enumerated().map {
                Self.session($0.offset, trust: Self.answers(mean: $0.element, count: 20), conflicts: 1)
            })
        let signal = detector.signals(sliding).first { $0.id == .trustDecline }
        #expect(signal?.severity == .watch || signal?.severity == .act)
        #expect(signal?.tooFew == nil && (signal?.figures["p"] ?? 1) < 0.05)
        #expect(abs((signal?.figures["slope"] ?? 0) + 0.2) < 1e-9)
        // Slope −0.1 per session: not a decline by DESIGN.md's definition.
        let shallow = GroupHistory(
            group: "G",
            sessions: [4.0, 3.8, 3.8, 3.6, 3.6, 3.4].enumerated().map { Self.session($0.offset, trust: Self.five(mean: $0.element), conflicts: 1) })
        #expect(!ids(shallow).contains(.trustDecline))
    }

    @Test func sessionsBelowTheThresholdDoNotCount() {
        // The low sessions have only 4 answers: with k = 5 they are not revealed, so no decline.
        var sessions = [4.2, 4.1, 4.2].enumerated().map { Self.session($0.offset, trust: Self.five(mean: $0.element), conflicts: 1) }
        sessions += [3, 4, 5].map { Self.session($0, trust: [1, 1, 2, 1], conflicts: 1) }
        let history = GroupHistory(group: "G", threshold: 5, sessions: sessions)
        #expect(!ids(history).contains(.trustDecline))
        #expect(!ids(history).contains(.splitRoom))
        // An open pulse is never counted, whatever its size.
        let open = GroupHistory(group: "G", sessions: (0..<4).map { Self.session($0, trust: [1, 5, 1, 5, 1, 5], conflicts: 1, closed: false) })
        #expect(ids(open).isEmpty)
    }

    @Test func worthDeclineUsesTheWorthMeasure() {
        let history = GroupHistory(
            group: "G", sessions: [4.6, 4.2, 3.8, 3.4].enumerated().map { Self.session($0.offset, worth: Self.five(mean: $0.element), conflicts: 1) })
        #expect(ids(history) == [.worthDecline])
    }

    @Test func splitRoomAtTheThreshold() {
        // [1,1,5,5,5]: sd = 2.19 → split. [2,3,3,4,4]: sd = 0.84 → not.
        #expect(ids(GroupHistory(group: "G", sessions: [Self.session(0, trust: [1, 1, 5, 5, 5], conflicts: 1)])).contains(.splitRoom))
        #expect(!ids(GroupHistory(group: "G", sessions: [Self.session(0, trust: [2, 3, 3, 4, 4], conflicts: 1)])).contains(.splitRoom))
        // Either side of 1.2: [2,2,3,4,5] has sd 1.30 (split), [2,3,3,4,5] has sd 1.14 (not).
        let above = [2, 2, 3, 4, 5]
        let below = [2, 3, 3, 4, 5]
        #expect(abs(Statistics(above.map(Double.init)).standardDeviation! - 1.7.squareRoot()) < 1e-12)
        #expect(abs(Statistics(below.map(Double.init)).standardDeviation! - 1.3.squareRoot()) < 1e-12)
        #expect(ids(GroupHistory(group: "G", sessions: [Self.session(0, trust: above, conflicts: 1)])).contains(.splitRoom))
        #expect(!ids(GroupHistory(group: "G", sessions: [Self.session(0, trust: below, conflicts: 1)])).contains(.splitRoom))
    }

    @Test func quietConflictNeedsThreeSilentSessionsAndLowTrust() {
        // A mean of 2.6 over 15 answers: a t-test shows it below 3.0 (p < 0.025).
        let low = (0..<3).map { Self.session($0, trust: [3, 2, 3, 2, 3]) }
        #expect(ids(GroupHistory(group: "G", sessions: low)).contains(.quietConflict))
        var raised = low
        raised[1].conflictsRaised = 1
        #expect(!ids(GroupHistory(group: "G", sessions: raised)).contains(.quietConflict))
        let fine = (0..<3).map { Self.session($0, trust: [4, 4, 3, 4, 5]) }
        #expect(!ids(GroupHistory(group: "G", sessions: fine)).contains(.quietConflict))
        // Half the answers at 2 or below (≥ 30%) with a mean of 3.2 fires on the binomial test.
        let share = (0..<3).map { Self.session($0, trust: [1, 1, 2, 5, 5, 5, 5, 1, 2, 5]) }
        #expect(detector.quietConflict(GroupHistory(group: "G", sessions: share))?.severity == .watch)
        // 2 of 5 at 2 or below, 15 answers: 40% is what chance gives from 30% (binomial p = 0.28).
        let near = (0..<3).map { Self.session($0, trust: [1, 2, 4, 4, 5]) }
        #expect(detector.quietConflict(GroupHistory(group: "G", sessions: near)) == nil)
        // Three sessions of three answers: too few to tell.
        let few = (0..<3).map { Self.session($0, trust: [2, 2, 3]) }
        #expect(detector.quietConflict(GroupHistory(group: "G", sessions: few))?.tooFew?.needs == 10)
    }

    @Test func recurringConcernInThreeOfSixSessionsUnlessRaised() {
        let comments = [["The funding formula is unfair"], [], ["again the funding formula"], [], ["funding formula!"], []]
        let sessions = comments.enumerated().map { Self.session($0.offset, trust: [4, 4, 4, 4, 4], conflicts: 1, comments: $0.element) }
        let signal = detector.signals(GroupHistory(group: "G", sessions: sessions)).first { $0.id == .recurringConcern }
        #expect(signal?.summary.contains("funding formula") == true)
        let twice = Array(sessions.prefix(4))
        #expect(!ids(GroupHistory(group: "G", sessions: twice)).contains(.recurringConcern))
        let raised = GroupHistory(group: "G", sessions: sessions, conflicts: [.init(number: 1, text: "Funding formula", raisedSession: 1)])
        #expect(!ids(raised).contains(.recurringConcern))
    }

    @Test func airtimeImbalanceByGiniOrShare() {
        // Turns 6,3,1: Gini 1/3 and 60% < 2 × 33% → quiet. Ten labels, one with 3 of 12 turns: Gini 0.15
        // but 25% > 2 × 10% → fires. Turns 4,3,3: Gini 0.067, 40% < 67% → quiet.
        #expect(ids(GroupHistory(group: "G", sessions: [Self.session(0, conflicts: 1, airtime: [6, 3, 1])])).isEmpty)
        // Issue 24: 12 turns over 10 labels are too few to tell (5 a label, 50 needed).
        let share = [3, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        #expect(abs(Statistics(share.map(Double.init)).gini! - 0.15) < 1e-12)
        let few = detector.airtimeImbalance(GroupHistory(group: "G", sessions: [Self.session(0, conflicts: 1, airtime: share)]))
        #expect(few?.severity == .info && few?.tooFew?.needs == 50)
        // The same shape at 60 turns: one label with 15 (25% > 2 × 10%) is not enough evidence
        // against twice a fair share (binomial p ≈ 0.2 × 10); 30 of 60 is.
        #expect(
            detector.airtimeImbalance(
                GroupHistory(group: "G", sessions: [Self.session(0, conflicts: 1, airtime: [15] + Array(repeating: 5, count: 9))])) == nil)
        let heavy = [30] + Array(repeating: 3, count: 9) + [3]
        #expect(ids(GroupHistory(group: "G", sessions: [Self.session(0, conflicts: 1, airtime: heavy)])) == [.airtimeImbalance])
        #expect(ids(GroupHistory(group: "G", sessions: [Self.session(0, conflicts: 1, airtime: [4, 3, 3])])).isEmpty)
        // Gini ≥ 0.4 with no label above twice its share (25%): eight labels, 60 turns.
        let skewed = [0, 0, 0, 5, 10, 15, 15, 15]
        #expect(Statistics(skewed.map(Double.init)).gini! >= 0.4)
        #expect(ids(GroupHistory(group: "G", sessions: [Self.session(0, conflicts: 1, airtime: skewed)])) == [.airtimeImbalance])
    }

    @Test func attendanceDriftAtTwentyFivePercent() {
        // 60 → 40 (−33%): the latest is low against the window's total (p = 0.04).
        let drift = [60, 55, 50, 40].enumerated().map { Self.session($0.offset, headcount: $0.element, conflicts: 1) }
        #expect(ids(GroupHistory(group: "G", sessions: drift)) == [.attendanceDrift])
        // 20 → 15 is −25%, but chance moves 15 people that much (p = 0.31): no alarm.
        let small = [20, 18, 16, 15].enumerated().map { Self.session($0.offset, headcount: $0.element, conflicts: 1) }
        #expect(ids(GroupHistory(group: "G", sessions: small)).isEmpty)
        let steady = [20, 18, 16, 16].enumerated().map { Self.session($0.offset, headcount: $0.element, conflicts: 1) }
        #expect(ids(GroupHistory(group: "G", sessions: steady)).isEmpty)
        // 3 → 1 people: too few to tell (8 counted over 3 sessions needed).
        let few = [3, 2, 1].enumerated().map { Self.session($0.offset, headcount: $0.element, conflicts: 1) }
        #expect(
            detector.attendanceDrift(GroupHistory(group: "G", sessions: few))?.tooFew
                == Signal.Sample(has: 6, needs: 8, of: "people counted in the window"))
    }

    @Test func followThroughAndConflictAging() {
        let sessions = (0..<4).map { Self.session($0, conflicts: $0 == 0 ? 1 : 0) }
        let commitments: [GroupHistory.CommitmentEntry] = [
            .init(number: 1, owner: "Ana", action: "a", due: .nextSession, madeSession: 1),
            .init(number: 2, owner: "Ben", action: "b", due: .nextSession, madeSession: 1),
            .init(number: 3, owner: "Cy", action: "c", due: .nextSession, madeSession: 2, doneSession: 3),
        ]
        let history = GroupHistory(
            group: "G", sessions: sessions, conflicts: [.init(number: 1, text: "old", raisedSession: 1)], commitments: commitments)
        let found = detector.signals(history)
        #expect(found.map(\.id).contains(.followThrough))
        // Issue 24: 1 of 3 done is too few commitments to tell (5 due needed); the carried ones are listed.
        #expect(found.first { $0.id == .followThrough }?.tooFew == Signal.Sample(has: 3, needs: 5, of: "commitments due"))
        #expect(found.first { $0.id == .followThrough }?.evidence.count == 3)
        // None of 5 done (binomial p = 0.03): watch; 2 of 5 is what chance gives from a half (quiet).
        let five = (1...5).map { GroupHistory.CommitmentEntry(number: $0, owner: "Ana", action: "a", due: .nextSession, madeSession: 1) }
        let none = GroupHistory(group: "G", sessions: sessions, commitments: five)
        #expect(detector.followThrough(none)?.severity == .watch)
        var two = five
        two[0].doneSession = 2
        two[1].doneSession = 2
        #expect(detector.followThrough(GroupHistory(group: "G", sessions: sessions, commitments: two)) == nil)
        #expect(found.map(\.id).contains(.conflictAging))
        // Two of three done: no follow-through signal; a conflict 2 sessions old: no aging.
        var kept = commitments
        kept[0].doneSession = 2
        let young = GroupHistory(
            group: "G", sessions: Array(sessions.prefix(3)), conflicts: [.init(number: 1, text: "old", raisedSession: 1)], commitments: kept)
        #expect(!ids(young).contains(.followThrough))
        #expect(!ids(young).contains(.conflictAging))
    }

    /// DESIGN.md's windows: a decline over the last ≤ 6 revealed sessions, with two as the least
    /// that draws a slope, and the text and JSON figures saying so.
    @Test func declineWindowsAreDesignsAndSayTheirMinimum() {
        let two = GroupHistory(
            group: "G", sessions: [4.0, 3.4].enumerated().map { Self.session($0.offset, trust: Self.five(mean: $0.element), conflicts: 1) })
        let signal = detector.signals(two).first { $0.id == .trustDecline }
        #expect(signal != nil, "two sessions 0.6 apart: slope −0.6, drop 0.6")
        #expect(signal?.figures["minimumSessions"] == 2)
        #expect(signal?.figures["windowSessions"] == 6)
        #expect(signal?.evidence.contains { $0.contains("at least 2 draw a slope") } == true)
        let one = GroupHistory(group: "G", sessions: [Self.session(0, trust: Self.five(mean: 2.0), conflicts: 1)])
        #expect(!ids(one).contains(.trustDecline))
        // Only the last six count: an old fall followed by six steady sessions is no decline.
        let steady = GroupHistory(
            group: "G",
            sessions: ([4.8] + Array(repeating: 3.0, count: 6)).enumerated().map {
                Self.session($0.offset, trust: Self.five(mean: $0.element), conflicts: 1)
            })
        #expect(!ids(steady).contains(.trustDecline))
    }

    @Test func everySignalRecommendsActivitiesThatAddressIt() {
        let demo = GroupHistory(group: "G", sessions: [Self.session(0, conflicts: 1, airtime: [9, 1])])
        for signal in detector.signals(demo) {
            for recommendation in signal.recommendations {
                #expect(Fixtures.library[recommendation.id]?.addresses.contains(signal.id) == true)
            }
        }
    }

    @Test func trendsShowGapsBelowTheThreshold() {
        let history = GroupHistory(
            group: "G",
            sessions: [Self.session(0, trust: [4, 4, 4, 4, 4]), Self.session(1, trust: [1, 1, 1, 1]), Self.session(2, trust: [5, 5, 5, 5, 5])])
        let trends = Trends(history: history, clock: .utc)
        let trust = trends.measures.first { $0.name == "trust" }!
        #expect(trust.points.map(\.value) == [4, nil, 5])
        #expect(trust.points[1].belowThreshold)
        #expect(Trends.sparkline(trust, range: 1...5) == "▆·█")
    }
}
