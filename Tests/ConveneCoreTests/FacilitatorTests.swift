import Foundation
import Testing

@testable import ConveneCore

@Suite struct FacilitatorTests {
    let facilitator = Facilitator(library: Fixtures.library)

    func started() throws -> Step {
        try facilitator.start(plan: Fixtures.library.plans["short"]!, group: "Steering", at: Fixtures.t0)
    }

    func run(_ lines: [String], from state: SessionState, minutesApart: Double = 1) throws -> (SessionState, [SessionEvent]) {
        var state = state
        var events: [SessionEvent] = []
        var now = Fixtures.t0
        for line in lines {
            now += minutesApart * 60
            guard let command = try CommandParser.parse(line) else { continue }
            let step = try facilitator.step(state, command, at: now)
            state = step.state
            events += step.events
        }
        return (state, events)
    }

    @Test func startOpensOnTheFirstActivity() throws {
        let step = try started()
        #expect(step.state.agenda.map(\.activityID) == ["arrive", "trust-pulse", "deep", "leave"])
        #expect(step.state.currentIndex == 0)
        #expect(step.state.plannedMinutes == 10 + 3 + 30 + 10)
        #expect(step.output.contains { $0.text.contains("Step 1/4") })
        #expect(step.events.count == 2)
    }

    @Test func movesNotesAndSkipsAreEventsThatReplayToTheSameState() throws {
        let start = try started()
        let (state, events) = try run(["hello", "/next", "/skip", "/note deep talk", "/back", "/goto 4", "/end"], from: start.state)
        #expect(state.isEnded)
        #expect(state.notes.map(\.text) == ["hello", "deep talk"])
        #expect(state.skipped == [2])
        #expect(SessionState.replay(start.events + events) == state)
    }

    @Test func timeSpentIsCountedPerActivity() throws {
        let start = try started()
        let (state, _) = try run(["/next", "/next", "/end"], from: start.state, minutesApart: 5)
        let summary = SessionSummary(state: state, library: Fixtures.library).document
        #expect(summary.agenda.map(\.actualMinutes) == [5, 5, 5, 0])
    }

    @Test func boundariesAreRefusedWithoutChangingAnything() throws {
        let start = try started()
        #expect(throws: CoreError.self) { try facilitator.step(start.state, .back, at: Fixtures.t0) }
        #expect(throws: CoreError.self) { try facilitator.step(start.state, .goto(9), at: Fixtures.t0) }
        let (atEnd, _) = try run(["/goto 4"], from: start.state)
        #expect(throws: CoreError.self) { try facilitator.step(atEnd, .next, at: Fixtures.t0) }
    }

    @Test func quitLeavesTheSessionOpen() throws {
        let step = try facilitator.step(try started().state, .quit, at: Fixtures.t0)
        #expect(step.leave)
        #expect(step.events.isEmpty)
        #expect(!step.state.isEnded)
    }

    @Test func resumeDoesNotCountTheTimeAway() throws {
        let start = try started()
        var state = start.state
        state.apply(SessionEvent(at: Fixtures.t0 + 60, .noted(item: 1, text: "x")))
        let resumed = facilitator.resume(state, at: Fixtures.t0 + 3600)
        var after = resumed.state
        after.apply(SessionEvent(at: Fixtures.t0 + 3660, .ended))
        #expect(after.secondsSpent(on: 1) == 120)
    }

    @Test func endPrintsTheMarkdownSummaryWithNotes() throws {
        let start = try started()
        let (state, _) = try run(["first note"], from: start.state)
        let step = try facilitator.step(state, .end(out: nil), at: Fixtures.t0 + 600)
        let text = step.output.map(\.text).joined(separator: "\n")
        #expect(text.contains("# Short"))
        #expect(text.contains("- first note"))
        #expect(step.leave)
    }
}

@Suite struct CommandParserTests {
    @Test func plainTextIsANote() throws {
        #expect(try CommandParser.parse("  we agreed  ") == .note("we agreed"))
        #expect(try CommandParser.parse("   ") == nil)
    }

    @Test func commandsAndArguments() throws {
        #expect(try CommandParser.parse("/goto 3") == .goto(3))
        #expect(try CommandParser.parse("/NEXT") == .next)
        #expect(try CommandParser.parse("/help next") == .help("next"))
        #expect(try CommandParser.parse("/show things-i-suck-at") == .show("things-i-suck-at"))
    }

    @Test func badCommandsExplainThemselves() {
        #expect(throws: CoreError.usage("unknown command /nxt (did you mean /next?): /help lists the commands")) { try CommandParser.parse("/nxt") }
        #expect(throws: CoreError.self) { try CommandParser.parse("/goto three") }
        #expect(throws: CoreError.self) { try CommandParser.parse("/next now") }
        #expect(throws: CoreError.self) { try CommandParser.parse(String(repeating: "x", count: 1_000_000)) }
    }

    @Test func hostileCommandNamesAreSanitizedInTheError() {
        do {
            _ = try CommandParser.parse("/\u{1B}]52;c;aGk=\u{07}")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 })
        }
    }
}
