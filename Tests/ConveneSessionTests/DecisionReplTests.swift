import ConveneCore
import ConveneTerminal
import Foundation
import GRDB
import Testing

@testable import ConveneSession
@testable import ConveneStore

/// Deciding in the REPL: a proposal, the room's stance from phones and the pass round under the
/// anonymity contract, the record, undo, resume after a stop, and the next session's opening.
@Suite struct DecisionReplTests {
    func decideByGradients(_ live: LiveSession, levels: [Int]) throws -> LiveSession.Reply {
        _ = try live.perform(.propose("Fund Eastside, Northgate and Riverside"))
        _ = try live.perform(.decide(method: .gradients, options: []))
        let number = try #require(live.state.openPulse?.number)
        #expect(live.state.openPulse?.question.stance?.proposal == live.state.proposal?.number)
        for level in levels { try live.submit(PulseAnswer(value: level), pulse: number) }
        return try live.perform(.close)
    }

    @Test func aDecisionFromPhonesCarriesItsSupportPresenceAndQuorum() throws {
        let folder = Harness.Folder()
        let store = try AppDatabase.open(path: folder.store)
        let live = try Harness.start(store)
        _ = try store.setDecisionRules(rule: .some(nil), quorum: .some("resident=1,grassroots=1"), onRecord: nil, group: "Reading Coalition")
        // The context was read at start: a new session reads the quorum.
        _ = try live.perform(.end(out: nil))
        let group = try #require(try store.group(named: "Reading Coalition"))
        let next = try LiveSession.start(
            plan: Harness.library.plans["monthly-steering"]!, group: group, store: store, facilitator: Harness.facilitator,
            clock: { Harness.t0 + 86_400 }
        ).0
        _ = try next.perform(.presentBy([CategoryCount(category: "resident", count: 3), CategoryCount(category: "nonprofit", count: 5)]))
        _ = try next.perform(.propose("Fund Eastside, Northgate and Riverside"))
        let decide = try next.perform(.decide(method: nil, options: []))
        #expect(decide.output.map(\.text).joined().contains("Quorum NOT met: short of grassroots"))
        let number = try #require(next.state.openPulse?.number)
        // The results are not shown while it is open.
        #expect(!(try next.perform(.results(number))).output.map(\.text).joined().contains("wholehearted"))
        for level in [8, 8, 7, 6, 6, 8, 7, 3] { try next.submit(PulseAnswer(value: level), pulse: number) }
        let closed = try next.perform(.close)
        let text = closed.output.map(\.text).joined(separator: "\n")
        #expect(text.contains("Stance round \(number)") && text.contains("7 of 8 (88%) at support with reservations or above, no block · accepted"))
        let recorded = try next.perform(.decided("Eastside, Northgate and Riverside", review: .day(year: 2027, month: 3, day: 1)))
        #expect(recorded.output.map(\.text).joined().contains("quorum NOT met (short: grassroots)"))
        let decision = try #require(next.state.context.decisions.first)
        #expect(decision.support == [8: 3, 7: 2, 6: 2, 3: 1] && decision.verdict?.accepted == true && decision.review == "2027-03-01")
        #expect(decision.presentByCategory?.map(\.count) == [3, 5] && decision.quorumMissing == ["grassroots"])
        // The summary, the log and the next session's memory agree.
        let summary = SessionSummary(state: next.state, library: Harness.library).markdown()
        #expect(
            summary.contains("## Decisions")
                && summary.contains("Decided: 1. Fund Eastside, Northgate and Riverside → Eastside, Northgate and Riverside"))
        let log = try store.decisionLog(group: group)
        #expect(log.entries.map(\.decision) == [decision] && log.entries.first?.session == 2)
        let reloaded = try LiveSession.load(store: store, sessionID: next.sessionID)
        #expect(reloaded.context.decisions == [decision])
    }

    @Test func underKTheSupportAndTheVerdictAreNotShown() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        _ = try live.perform(.present(4))
        let closed = try decideByGradients(live, levels: [8, 8, 1, 6])
        let text = closed.output.map(\.text).joined(separator: "\n")
        #expect(text.contains("4 answers from 4 present. Nothing more is shown below 5"))
        #expect(text.contains("no verdict either") && !text.contains("block ·") && !text.contains("accepted"))
        _ = try live.perform(.decided("Funded", review: .none))
        let decision = try #require(live.state.context.decisions.first)
        #expect(decision.support == nil && decision.verdict == nil && decision.stances == 4)
        #expect(decision.supportLine(under: 5).contains("4 stances, not shown"))
    }

    @Test func aDecisionIsTakenBackByUndoAndSurvivesAStop() throws {
        let folder = Harness.Folder()
        var store: AppDatabase? = try AppDatabase.open(path: folder.store)
        let live = try Harness.start(store!)
        _ = try live.perform(.present(6))
        _ = try decideByGradients(live, levels: [8, 8, 7, 6, 6, 8])
        _ = try live.perform(.decided("Funded", review: .none))
        let undo = try live.perform(.undo)
        #expect(undo.output.map(\.text).joined().contains("Undone: decision 1"))
        #expect(live.state.context.decisions.isEmpty && live.state.proposal?.number == 1)
        #expect(try store!.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decision") } == 0)
        _ = try live.perform(.decided("Funded, after all", review: .none))
        let id = live.sessionID
        store = nil  // as after kill -9: nothing more is written
        let reopened = try AppDatabase.open(path: folder.store)
        let (resumed, _) = try LiveSession.resume(sessionID: id, store: reopened, facilitator: Harness.facilitator)
        #expect(resumed.state.context.decisions.map(\.outcome) == ["Funded, after all"])
        #expect(resumed.state.context.decisions.first?.support == [8: 3, 7: 1, 6: 2])
        #expect(resumed.state.proposal == nil)
    }

    @Test func onTheRecordStancesBySeat() throws {
        let store = try AppDatabase.inMemory()
        _ = try store.createGroup(named: "Open", at: Harness.t0)
        _ = try store.setDecisionRules(rule: .some("consent"), quorum: nil, onRecord: true, group: "Open")
        let live = try Harness.start(store, group: "Open")
        let (outcome, output, _) = live.repl(
            [
                "/seat \"United Way\" funder", "/seat Ana resident", "/present 2", "/propose Adopt the stipend policy", "/decide",
                "/stance \"United Way\" no objection", "/stance Ana block", "/stance Nobody block", "/decided Adopted anyway",
            ], interactive: true)
        #expect(outcome == .done)
        #expect(output.text.contains("Stances on the record for proposal 1, by consent"))
        #expect(output.errors.contains("\"Nobody\" is not on the roster"))
        let decision = try #require(live.state.context.decisions.first)
        #expect(decision.open == [Decision.OpenStance(label: "United Way", value: 2), Decision.OpenStance(label: "Ana", value: 1)])
        #expect(decision.verdict?.accepted == false)
    }

    /// The pass round takes a stance by a level's number or its name, in the group's language.
    @Test func aStanceRoundByPassingTheKeyboard() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        let (outcome, output, _) = live.repl([
            "/present 6", "/propose Adopt the stipend policy", "/decide consent", "/pass", "bluebird", "no objection", "2", "sin objeción", "2 fine",
            "9", "2", "2", "bluebird", "/close", "/decided Adopted review +3m",
        ])
        #expect(outcome == .done && output.errors.isEmpty, "\(output.errors)")
        #expect(output.text.contains("Answer with one of 2 no objection · 1 block"))
        #expect(output.text.contains("Under the rule (no block): no block · accepted"))
        let decision = try #require(live.state.context.decisions.first)
        #expect(decision.method == .consent && decision.support == [2: 6] && decision.stances == 6 && decision.review != nil)
    }

    @Test func badDecisionCommandsExplainThemselves() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        let (_, output, _) = live.repl(
            [
                "/decided Done", "/stance Ana 3", "/decide", "/add-item Grants: vote 30", "/decide unanimity", "/propose Fund it", "/propose Again",
                "/decided",
            ], interactive: true)
        for refusal in [
            "no proposal is open", "the purpose must be one of", "/decide takes a method", "proposal 1 is still open",
            "/decided needs the decision in words",
        ] {
            #expect(output.errors.contains(refusal), "\(refusal): \(output.errors)")
        }
    }
}
