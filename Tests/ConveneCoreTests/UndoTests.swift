import Foundation
import Testing

@testable import ConveneCore

/// /undo, /notes, /edit, /delete and the bare command word: slips taken back as events that replay
/// to the same state.
@Suite struct UndoTests {
    let facilitator = Facilitator(library: Fixtures.library)

    func run(_ lines: [String], from state: SessionState? = nil) throws -> (state: SessionState, events: [SessionEvent], output: [String]) {
        let start = try facilitator.start(plan: Fixtures.library.plans["short"]!, group: "Steering", at: Fixtures.t0)
        var state = state ?? start.state
        var events = state == start.state ? start.events : []
        var output: [String] = []
        var now = Fixtures.t0
        for line in lines {
            now += 60
            guard let command = try CommandParser.parse(line) else { continue }
            let step = try facilitator.step(state, command, at: now)
            state = step.state
            events += step.events
            output += step.output.map(\.text)
        }
        return (state, events, output)
    }

    @Test func eachUndoTakesBackTheLatestSlipAndReplaysToTheSameState() throws {
        let before = try run(["kept note", "/spoke Ana"])
        let slips = [
            "a slip of a note", "/spoke United Way", "/conflict who holds the data", "/commit Ana: send the draft",
            "/agree we start on time", "/resolve 1", "/done 1", "/retire 1",
        ]
        var (state, events, _) = try run(["kept note", "/spoke Ana"] + slips)
        #expect(state.undoable.count == 2 + slips.count)
        var undone: [String] = []
        for _ in slips {
            let step = try facilitator.step(state, .undo, at: Fixtures.t0 + 3600)
            state = step.state
            events += step.events
            undone += step.output.map(\.text)
        }
        // Back to where it was before the slips, but with every undo in the log.
        #expect(state.notes == before.state.notes)
        #expect(state.airtime == before.state.airtime)
        #expect(state.context == before.state.context.with(labels: state.context.labels))
        #expect(state.conflictsRaised.isEmpty && state.commitmentsMade.isEmpty && state.agreementsMade.isEmpty)
        #expect(state.undone.count == slips.count)
        #expect(SessionState.replay(events) == state)
        #expect(
            undone.first
                == "Undone: the retirement of agreement 1 (“we start on time”). /undo again takes back commitment 1 marked done (“Ana: send the draft”)."
        )
        #expect(undone.contains { $0.hasPrefix("Undone: a turn of United Way (United Way now has 0 turns)") })
        // Repeated /undo goes further back: the note and Ana's turn were before the slips.
        let next = try facilitator.step(state, .undo, at: Fixtures.t0 + 3700)
        #expect(next.state.airtime.isEmpty && next.state.notes.count == 1)
    }

    @Test func nothingToUndoSaysSo() throws {
        let (state, _, _) = try run([])
        #expect(
            throws: CoreError.refused(
                "nothing to undo in this session: /undo takes back this session's notes, turns, conflicts, commitments and agreements")
        ) {
            try facilitator.step(state, .undo, at: Fixtures.t0)
        }
    }

    @Test func notesAreNumberedAndKeepTheirNumbersAfterADelete() throws {
        let (state, events, output) = try run(["first", "second", "third", "/delete 2", "/edit 3 third, corrected", "/notes"])
        #expect(state.notes.map(\.number) == [1, 3])
        #expect(state.notes.map(\.text) == ["first", "third, corrected"])
        #expect(output.contains("  1. first · step 1") && output.contains("  3. third, corrected · step 1"))
        #expect(throws: CoreError.self) { try facilitator.step(state, .delete(2), at: Fixtures.t0) }
        #expect(SessionState.replay(events) == state)
        // A deleted note is not undone again; /undo takes back the latest note still there.
        let undone = try facilitator.step(state, .undo, at: Fixtures.t0 + 999)
        #expect(undone.state.notes.map(\.number) == [1])
        let summary = SessionSummary(state: undone.state, library: Fixtures.library).markdown()
        #expect(summary.contains("## Taken back") && summary.contains("- Undone: note 3") && summary.contains("- Deleted: note 2"))
        #expect(!summary.contains("second"), "a deleted note is named, never quoted")
    }

    @Test func aBareCommandWordAsksInsteadOfBecomingANote() throws {
        for word in ["next", "close", "undo", "Next", "goto 3", "done 2"] {
            #expect(throws: CoreError.self, "\(word)") { try CommandParser.parse(word) }
        }
        do {
            _ = try CommandParser.parse("next")
        } catch {
            #expect(error.description.contains("did you mean /next?"))
        }
        #expect(try CommandParser.parse("/note next") == .note("next"))
        #expect(try CommandParser.parse("next steps are clear") == .note("next steps are clear"))
        #expect(try CommandParser.parse("done with it") == .note("done with it"))
        #expect(try CommandParser.parse("done") == .note("done"), "alone, /done would not run: a note")
    }

    @Test func labelsAreOneWhateverTheirSpacesOrCase() throws {
        let (state, _, _) = try run([
            "/spoke United  Way", "/spoke united way", "/commit united  way: fund the pilot", "/commit UNITED WAY: report back",
        ])
        #expect(state.airtime.map(\.label) == ["United Way"])
        #expect(state.airtime.map(\.turns) == [2])
        #expect(state.context.commitments.map(\.owner) == ["United Way", "United Way"])
    }

    @Test func closingBelowTheThresholdIsAskedAbout() throws {
        var (state, _, _) = try run(["/present 6", "/pulse trust-pulse"])
        #expect(
            facilitator.closeQuestion(state) == "0 answers, threshold 5: closing now shows nothing (only the count is kept); close anyway? [y/N] ")
        state.record((1...4).map { PulseAnswer(value: $0) }, pulse: 1)
        #expect(facilitator.closeQuestion(state)?.hasPrefix("4 answers, threshold 5: closing now shows nothing") == true)
        state.record([PulseAnswer(value: 5)], pulse: 1)
        #expect(facilitator.closeQuestion(state) == nil)
        #expect(try CommandParser.parse("/close --force") == .close(force: true))
        #expect(try CommandParser.parse("/close") == .close)
    }

    @Test func cardShowsEverySectionAndCarriedWhatTheGroupCarries() throws {
        let (_, _, output) = try run(["/card", "/carried", "/agree we listen", "/carried"])
        #expect(output.contains("Variations"), "/card shows the whole card")
        #expect(output.contains("The group carries nothing yet: no working agreements, open conflicts or open commitments."))
        #expect(output.contains("  1. we listen"))
        let next = try facilitator.step(try run([]).state, .next, at: Fixtures.t0 + 60)
        #expect(next.effects == [.firstScreen])
        #expect(!next.output.map(\.text).contains("Variations"))
    }
}

extension GroupContext {
    func with(labels: [String]) -> GroupContext {
        var copy = self
        copy.labels = labels
        return copy
    }
}
