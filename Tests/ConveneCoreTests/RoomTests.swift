import Foundation
import Testing

@testable import ConveneCore

@Suite struct RoomTests {
    let facilitator = Facilitator(library: Fixtures.library, clock: .utc)

    func run(_ lines: [String], context: GroupContext = GroupContext(), start: Date = Fixtures.t0) throws -> SessionState {
        var state = try facilitator.start(plan: Fixtures.library.plans["short"]!, group: "G", context: context, at: start).state
        var now = start
        for line in lines {
            now += 60
            state = try facilitator.step(state, try #require(try CommandParser.parse(line)), at: now).state
        }
        return state
    }

    @Test func airtimeSharesAndGiniMatchHandComputedValues() throws {
        // Turns 6, 3, 1: shares 0.6, 0.3, 0.1; Gini = 2·(1·1 + 2·3 + 3·6)/(3·10) − 4/3 = 50/30 − 40/30 = 1/3.
        let state = try run(Array(repeating: "/spoke Agency", count: 6) + Array(repeating: "/spoke Tenants", count: 3) + ["/spoke Clinic"])
        let airtime = try #require(Airtime(turns: state.airtime))
        #expect(airtime.rows.map(\.label) == ["Agency", "Tenants", "Clinic"])
        #expect(airtime.rows.map(\.share) == [0.6, 0.3, 0.1])
        #expect(abs(airtime.gini - 1.0 / 3.0) < 1e-12)
    }

    @Test func labelsKeepTheirFirstSpelling() throws {
        let state = try run(["/spoke Eastside", "/spoke eastside", "/spoke EASTSIDE"])
        #expect(state.airtime.map(\.label) == ["Eastside"])
        #expect(state.airtime.map(\.turns) == [3])
    }

    @Test func conflictsAndCommitmentsAreNumberedAcrossTheGroup() throws {
        let earlier = GroupContext(
            sessionNumber: 2, conflicts: [Conflict(number: 1, text: "old", raisedAt: Fixtures.t0, sessionsOpen: 2)],
            commitments: [Commitment(number: 4, owner: "Ana", action: "x", due: .nextSession, madeAt: Fixtures.t0, sessionsOpen: 2)])
        let state = try run(["/conflict funding credit", "/commit Bo: draft the MOU by +3d", "/resolve 1 settled", "/done 4"], context: earlier)
        #expect(state.context.conflicts.map(\.number) == [1, 2])
        #expect(state.context.openConflicts.map(\.number) == [2])
        #expect(state.context.commitments.last?.number == 5)
        #expect(state.context.commitments.last?.due == .day("2027-01-18"))
        #expect(state.context.openCommitments.map(\.number) == [5])
    }

    @Test func openingListsAgreementsConflictsAndCommitments() throws {
        let context = GroupContext(
            sessionNumber: 3, agreements: [Agreement(number: 1, text: "We decide by consent", madeAt: Fixtures.t0)],
            conflicts: [Conflict(number: 1, text: "Data sharing stalls", raisedAt: Fixtures.t0, sessionsOpen: 3)],
            commitments: [Commitment(number: 1, owner: "Ana", action: "send survey", due: .day("2020-01-01"), madeAt: Fixtures.t0, sessionsOpen: 2)])
        let step = try facilitator.start(plan: Fixtures.library.plans["short"]!, group: "G", context: context, at: Fixtures.t0)
        let text = step.output.map(\.text).joined(separator: "\n")
        #expect(text.contains("We decide by consent"))
        #expect(text.contains("Data sharing stalls · open for 3 sessions"))
        #expect(text.contains("Ana: send survey · overdue since 2020-01-01, carried 1 session"))
        #expect(text.range(of: "Working agreements")!.lowerBound < text.range(of: "Step 1/")!.lowerBound)
    }

    @Test func badInputChangesNothing() throws {
        let state = try run([])
        for line in [
            "/commit Ana: send it by someday", "/commit Ana: send it by 2026-02-30", "/resolve 9", "/done 3", "/spoke", "/retire 1", "/drop 1",
            "/timer soon",
        ] {
            #expect(throws: CoreError.self, "\(line)") {
                _ = try facilitator.step(state, try #require(try CommandParser.parse(line)), at: Fixtures.t0 + 60)
            }
        }
    }

    @Test func theTimerCannotGoBelowNothingAndShowsHalfMinutes() throws {
        let state = try run(["/timer 2.5"])
        #expect(throws: CoreError.self) { _ = try facilitator.step(state, try #require(try CommandParser.parse("/timer -3")), at: Fixtures.t0 + 120) }
        let shown = try facilitator.step(state, .timer(.show), at: Fixtures.t0 + 120).output.map(\.text).joined()
        #expect(shown.contains("of 2.5 min"), "\(shown)")
    }

    @Test func endTakesOutOnlyAsAWord() throws {
        #expect(throws: CoreError.self) { _ = try CommandParser.parse("/end --outx") }
        #expect(try CommandParser.parse("/end --out x.md") == .end(out: "x.md"))
    }

    @Test func aCheckoutOnAPulseStepAsksAboutWorthNotTheStepsQuestion() throws {
        let state = try run(["/next"])
        #expect(state.currentItem?.activityID == "trust-pulse")
        let step = try facilitator.step(state, .pulse(.checkout), at: Fixtures.t0 + 120)
        #expect(step.state.openPulse?.question.measures == .worth)
        #expect(try facilitator.step(state, .pulse(.current), at: Fixtures.t0 + 120).state.openPulse?.question.libraryID == "trust-pulse")
    }

    @Test func planChangesAreEventsAndListed() throws {
        let state = try run(["/add deep at 2", "/drop 4", "/goto 3"])
        #expect(state.agenda.map(\.activityID) == ["arrive", "deep", "trust-pulse", "leave"])
        #expect(state.changes.map(\.text) == ["added Card deep at step 2", "dropped Card deep (was step 4)", "jumped to step 3, Trust pulse"])
    }

    @Test func timerCountsDownPausesAndAdds() throws {
        var state = try run([])
        let start = Fixtures.t0
        #expect(state.timer?.remaining(at: start) == 600)
        state = try facilitator.step(state, .timer(.set(minutes: 2)), at: start + 10).state
        #expect(state.timer?.label(at: start + 40) == "01:30")
        state = try facilitator.step(state, .timer(.pause), at: start + 40).state
        #expect(state.timer?.label(at: start + 400) == "01:30 paused")
        state = try facilitator.step(state, .timer(.resume), at: start + 400).state
        state = try facilitator.step(state, .timer(.add(minutes: 1)), at: start + 400).state
        #expect(state.timer?.label(at: start + 430) == "02:00")
        #expect(state.timer?.label(at: start + 600) == "+00:50")
    }
}

@Suite struct StatisticsTests {
    @Test func knownValues() throws {
        let stats = Statistics([2, 4, 4, 4, 5, 5, 7, 9])
        #expect(stats.mean == 5)
        #expect(stats.median == 4.5)
        #expect(abs(stats.standardDeviation! - 2.138089935299395) < 1e-12)  // statistics.stdev
        #expect(Statistics([1, 2, 3, 4]).slope == 1)
        #expect(Statistics([5, 5, 5]).gini == 0)
        #expect(abs(Statistics([0, 0, 0, 10]).gini! - 0.75) < 1e-12)
    }
}
