import ConveneCore
import ConveneTerminal
import Foundation
import Testing

@testable import ConveneSession
@testable import ConveneStore

/// Issue 25, in process: what a new facilitator tripped on, each now said or undone.
@Suite struct FacilitatorHandsTests {
    @Test func aCommandAtAnInlineQuestionIsACommand() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        let (outcome, output, _) = live.repl(["/seat Ana resident", "/spoke Sch", "/spoke school district", "/airtime"], interactive: true)
        #expect(outcome == .done)
        #expect(output.text.contains("No category set for Sch"))
        #expect(live.state.airtime.map(\.label) == ["Sch", "school district"])
    }

    /// A mistyped label is fixed across the session's turns and commitments, as an event: the
    /// airtime, the store (read back) and the undo agree.
    @Test func aMistypedLabelIsRelabelled() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let (_, output, _) = live.repl([
            "/seat \"School District\" public", "/spoke \"School District\"", "/spoke Sch", "/spoke Sch", "/spoke Ana",
            "/commit sch: send the enrolment data by +2w", "/relabel sch \"school district\"", "/airtime",
        ])
        #expect(output.errors.isEmpty, "\(output.errors)")
        let said = output.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            said.contains("Relabelled Sch as School District: 2 turns moved, School District now has 3 turns; commitment 1 now School District's."),
            "\(said)")
        #expect(live.state.airtime.map(\.label) == ["School District", "Ana"])
        #expect(live.state.airtime.map(\.turns) == [3, 1])
        #expect(live.state.context.commitments.first?.owner == "School District")
        // The store agrees: the session read back, and the commitment's record.
        let reloaded = try LiveSession.load(store: store, sessionID: live.sessionID)
        #expect(reloaded.airtime == live.state.airtime)
        #expect(try store.context(forSession: live.sessionID).commitments.first?.owner == "School District")
        // Undone: the merge is split again, in its place, and the commitment is Sch's again.
        let (_, undone, _) = live.repl(["/undo"])
        #expect(undone.text.contains("Undone: the relabel of Sch as School District"), "\(undone.text)")
        #expect(live.state.airtime.map(\.label) == ["School District", "Sch", "Ana"])
        #expect(live.state.airtime.map(\.turns) == [1, 2, 1])
        #expect(live.state.context.commitments.first?.owner == "Sch")
        #expect(try LiveSession.load(store: store, sessionID: live.sessionID).airtime == live.state.airtime)
        // A new label renames the row in place.
        let (_, renamed, _) = live.repl(["/relabel Ana \"Ana Ruiz\""])
        #expect(renamed.errors.isEmpty, "\(renamed.errors)")
        #expect(live.state.airtime.map(\.label) == ["School District", "Sch", "Ana Ruiz"])
        // Then the relabel, the commitment and Ana's turn are taken back one by one.
        let (_, back, _) = live.repl(["/undo", "/undo", "/undo"])
        #expect(back.errors.isEmpty, "\(back.errors)")
        #expect(live.state.airtime.map(\.label) == ["School District", "Sch"])
        #expect(live.state.context.commitments.isEmpty)
    }

    /// After /quit (or a crash) the page is off; the resume says so and /web on opens the same door.
    @Test func aResumeOffersThePageAgainWithTheSameCode() async throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let (_, first, _) = await live.replOffPool(["/present 6", "/web on", "/quit"])
        let code = try #require(first.text.firstMatch(of: /type the code (\d{6})/)?.1).description
        let left = first.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(left.contains("off until convene resume; /web on then serves it with the same code (\(code))"), "\(left)")
        let (again, opening) = try LiveSession.resume(sessionID: live.sessionID, store: store, facilitator: Harness.facilitator)
        let said = opening.map(\.text).joined(separator: " ")
        #expect(said.contains("The participants' page was on when Convene stopped") && said.contains("same code (\(code))"), "\(said)")
        let (_, served, _) = await again.replOffPool(["/web on", "/web off"])
        #expect(served.text.contains("type the code \(code)"), "\(served.text)")
        // Turned off by the facilitator, it is not offered again.
        let (_, quiet) = try LiveSession.resume(sessionID: live.sessionID, store: store, facilitator: Harness.facilitator)
        #expect(!quiet.map(\.text).joined().contains("participants' page was on"))
    }

    @Test func aRelabelThatCannotBeIsRefusedInOneLine() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        for (line, says) in [
            ("/relabel Nobody Ana", "no turn or commitment of Nobody in this session"), ("/relabel Ana", "/relabel takes two labels"),
            ("/relabel Ana ana", "already one label"),
        ] {
            let (_, output, _) = live.repl(["/spoke Ana", line], interactive: true)
            #expect(output.errors.contains(says) && output.errors.split(separator: "\n").count == 1, "\(line): \(output.errors)")
        }
        #expect(live.state.airtime.map(\.turns) == [3])
    }

    @Test func aDateInWordsIsRefusedWithTheFormsThatWork() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        for line in ["/commit County Health: share the data by next week", "/commit Ana: call Maria by Friday", "/commit Ana: draft by end of month"]
        {
            let (_, output, _) = live.repl([line], interactive: true)
            #expect(output.errors.contains("cannot read the date") && output.errors.contains("+2w"), "\(line): \(output.errors)")
        }
        #expect(live.state.context.commitments.isEmpty)
        // A name after "by" is still a name.
        let (_, output, _) = live.repl(["/commit Ana: get it signed by the board"], interactive: true)
        #expect(output.errors.isEmpty, "\(output.errors)")
        #expect(live.state.context.commitments.first?.action == "get it signed by the board")
    }

    @Test func numbersAreNeverGivenAgainAfterAnUndo() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        let (_, output, _) = live.repl([
            "/commit Ana: one", "/commit Ana: two", "/commit Ana: three", "/undo", "/commit Ana: four", "/conflict x", "/undo", "/conflict y",
        ])
        #expect(live.state.context.commitments.map(\.number) == [1, 2, 4], "\(output.text)")
        #expect(live.state.context.conflicts.map(\.number) == [2])
        let summary = SessionSummary(state: live.state, library: Harness.library).markdown()
        #expect(summary.contains("Undone: commitment 3") && summary.contains("Made: 4. Ana: four"))
    }

    @Test func addAndDropAreUndone() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        let before = live.state.agenda.map(\.key)
        let (_, output, _) = live.repl(["/add specific-appreciation at 3", "/undo", "/drop 4", "/undo"])
        #expect(output.errors.isEmpty, "\(output.errors)")
        #expect(live.state.agenda.map(\.key) == before)
        #expect(output.text.contains("Undone: the step added") && output.text.contains("Undone: the drop of step 4"))
        // Undoing an added step that is now the current one is refused: move first.
        let (_, refused, _) = live.repl(["/add specific-appreciation at 2", "/next", "/undo"], interactive: true)
        #expect(refused.errors.contains("the step added is the current activity"))
    }

    @Test func theUndoOfATurnSaysHowManyTheLabelHas() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        let (_, output, _) = live.repl(["/spoke Superintendent", "/undo"])
        #expect(output.text.contains("Undone: a turn of Superintendent (Superintendent now has 0 turns)"))
    }

    @Test func aFairShareIsOverThePeoplePresent() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        let spoke = ["A", "B", "C", "D", "E", "F"].map { "/spoke \($0)" }
        let (_, output, _) = live.repl(["/present 9"] + spoke + ["/airtime"])
        #expect(output.text.contains("A fair share is 11.1% each over the 9 present (6 have spoken)"), "\(output.text)")
    }

    /// A facilitator who forgot the close word ends the round with /pass twice and yes; a /pass
    /// once, or twice without yes, does not end it.
    @Test func theFacilitatorsWayOutOfARound() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        let (outcome, output, _) = live.repl([
            "/present 6", "/pulse trust-at-this-table", "/pass", "bluebird", "4", "/pass", "5", "/pass", "/pass", "no", "3", "/pass", "/pass", "yes",
            "/results",
        ])
        #expect(outcome == .done, "\(output.errors)")
        #expect(output.text.contains("Round closed: 3 answers in this round"))
        #expect(live.state.pulses.first?.count == 3)
    }

    @Test func clearClearsTheTerminalAndTheSessionGoesOn() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        let (outcome, output, _) = live.repl(["/clear", "/agenda"], interactive: true)
        #expect(outcome == .done && output.errors.isEmpty)
        // (The harness keeps its screen whole; the home screen's test sees the clearing itself.)
        #expect(output.text.contains("min planned"))
        let (_, piped, _) = live.repl(["/clear"])
        #expect(piped.errors.isEmpty && !piped.text.contains("\u{1B}[2J"))
    }

    @Test func aSegmentedPulseInASmallRoomIsSaidAtOpen() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        // A script is refused (exit 2) unless --force; a terminal is asked.
        let (outcome, output, _) = live.repl(["/present 8", "/pulse trust-at-this-table --by category"])
        #expect(outcome == .failed(.badInput))
        #expect(output.errors.contains("with 8 present and k = 5, results by segment can be shown only if at least 10 answer"))
        let (_, asked, reader) = live.repl(["/pulse trust-at-this-table --by category", "n"], interactive: true)
        #expect(reader.prompts.contains { $0.contains("Segmented pulse: with 8 present") } && asked.text.contains("Not opened"))
        #expect(live.state.openPulse == nil)
        let (_, forced, _) = live.repl(["/pulse trust-at-this-table --by category --force"])
        #expect(forced.errors.isEmpty && live.state.openPulse?.question.segments != nil)
    }
}
