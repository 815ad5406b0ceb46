import Foundation
import Testing

@testable import ConveneCore

/// The three decision signals at, beside and below their thresholds.
@Suite struct DecisionSignalTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func history(sessions: Int, _ decisions: [(session: Int, decision: Decision)]) -> GroupHistory {
        var history = GroupHistory(
            group: "G", threshold: 5,
            sessions: (1...sessions).map {
                GroupHistory.Session(id: Int64($0), date: Self.t0 + Double($0) * 86_400 * 7, title: "S\($0)", headcount: 10)
            })
        history.decisions = decisions.map { GroupHistory.DecisionEntry(decision: $0.decision, session: Int64($0.session)) }
        return history
    }

    func decision(
        _ number: Int, item: String? = nil, proposal: String = "P", method: DecisionMethod = .gradients, support: [Int: Int]? = nil,
        missing: [String]? = nil, status: Decision.Status = .decided
    ) -> Decision {
        var d = Decision(
            number: number, proposal: proposal, item: item, method: method, status: status, outcome: "O",
            rule: DecisionRule.standard(method).description, support: support, stances: support?.values.reduce(0, +) ?? 0, threshold: 5,
            present: 10, quorumMissing: missing, madeAt: Self.t0)
        d.acceptingLevel = DecisionRule.standard(method).atLeast
        return d
    }

    var detector: SignalDetector { SignalDetector(library: Library()) }

    @Test func decidedWithoutAQuorumCategory() {
        // A short quorum in the window: act.
        let short = detector.decidedWithout(history(sessions: 4, [(4, decision(1, missing: ["grassroots"]))]))
        #expect(short?.severity == .act && short?.evidence.first?.contains("no grassroots seat present") == true)
        // Beside: the quorum met, or the short decision outside the last 3 sessions, or deferred.
        #expect(detector.decidedWithout(history(sessions: 4, [(4, decision(1, missing: []))])) == nil)
        #expect(detector.decidedWithout(history(sessions: 4, [(1, decision(1, missing: ["grassroots"]))])) == nil)
        #expect(detector.decidedWithout(history(sessions: 4, [(4, decision(1, missing: ["grassroots"], status: .deferred))])) == nil)
    }

    @Test func decidedWithoutAVoiceFromAPresentCategory() {
        var h = history(sessions: 2, [(2, decision(1, missing: []))])
        h.roster = [Seat(label: "Ana", category: "resident"), Seat(label: "United Way", category: "funder")]
        h.categories = ["resident", "funder"]
        h.sessions[1].airtime = [Airtime.Row(label: "United Way", turns: 9, share: 1)]
        h.decisions[0].decision.presentByCategory = [CategoryCount(category: "resident", count: 1), CategoryCount(category: "funder", count: 1)]
        let silent = detector.decidedWithout(h)
        #expect(silent?.severity == .watch && silent?.evidence.first?.contains("resident present but took no turn") == true)
        h.sessions[1].airtime.append(Airtime.Row(label: "Ana", turns: 1, share: 0.1))
        #expect(detector.decidedWithout(h) == nil)
    }

    @Test func decisionsRevisitedWithinSixSessions() {
        let twice = detector.decisionsRevisited(
            history(sessions: 6, [(2, decision(1, item: "Grants")), (5, decision(2, item: "grants"))]))
        #expect(twice?.severity == .watch && twice?.evidence.first?.contains("decided 2 times") == true)
        let thrice = detector.decisionsRevisited(
            history(sessions: 6, [(1, decision(1, item: "Grants")), (3, decision(2, item: "Grants")), (6, decision(3, item: "Grants"))]))
        #expect(thrice?.severity == .act)
        // Beside: two different items; or the first decision outside the 6 sessions.
        #expect(detector.decisionsRevisited(history(sessions: 6, [(2, decision(1, item: "Grants")), (5, decision(2, item: "Stipends"))])) == nil)
        #expect(detector.decisionsRevisited(history(sessions: 8, [(1, decision(1, item: "Grants")), (8, decision(2, item: "Grants"))])) == nil)
    }

    @Test func thinSupportInTwoOfTheLastThree() {
        // Gradients: the rule accepts from 6 (support with reservations).
        let thin = [6: 5, 8: 1, 2: 1]
        let solid = [8: 5, 7: 2, 6: 1]
        #expect(
            detector.thinSupport(
                history(sessions: 3, [(1, decision(1, support: thin)), (2, decision(2, support: solid)), (3, decision(3, support: thin))]))?.severity
                == .watch)
        // Beside: one thin decision of three.
        #expect(
            detector.thinSupport(
                history(sessions: 3, [(1, decision(1, support: thin)), (2, decision(2, support: solid)), (3, decision(3, support: solid))])) == nil)
        // Exactly half at the lowest level is not "more than half".
        #expect(
            detector.thinSupport(history(sessions: 2, [(1, decision(1, support: [6: 3, 8: 3])), (2, decision(2, support: [6: 3, 7: 3]))])) == nil)
        // Below: a single decision whose support was shown is too few to tell; support under k is not read.
        #expect(detector.thinSupport(history(sessions: 2, [(2, decision(1, support: thin))])) == nil)
        #expect(detector.thinSupport(history(sessions: 2, [(1, decision(1, support: [6: 3, 8: 1])), (2, decision(2, support: [6: 4]))])) == nil)
        // Issue 24: 4 of 5 at the lowest is what chance gives from a half (binomial p = 0.19 ≥ 0.13).
        let near = [6: 4, 8: 1, 2: 1]
        #expect(detector.thinSupport(history(sessions: 2, [(1, decision(1, support: near)), (2, decision(2, support: near))])) == nil)
        // Two supporting stances, both at the lowest: too few to tell (3 needed).
        let two = [6: 2, 2: 3]
        let few = detector.thinSupport(history(sessions: 2, [(1, decision(1, support: two)), (2, decision(2, support: two))]))
        #expect(few?.severity == .info && few?.tooFew == Signal.Sample(has: 2, needs: 3, of: "supporting stances in a decision"))
    }
}
