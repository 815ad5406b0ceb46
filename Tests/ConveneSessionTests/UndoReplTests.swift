import ConveneCore
import ConveneTerminal
import Foundation
import Testing

@testable import ConveneSession
@testable import ConveneStore

/// The forgiving REPL in process: /undo and note edits stored as events that a resumed session and
/// the store agree on, the bare command word, /close below the threshold, and output fitted to
/// 60 and 120 columns and to the screen's rows.
@Suite struct UndoReplTests {
    @Test func undoneSlipsAreGoneFromTheStoreAndAResumedSessionAgrees() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let run = live.repl([
            "kept", "a slip", "/spoke United  Way", "/spoke united way", "/conflict a slip of a conflict",
            "/commit Ana: a slip", "/agree a slip of an agreement", "/undo", "/undo", "/undo", "/undo", "/quit",
        ])
        #expect(run.outcome == .done && run.output.errors.isEmpty, "\(run.output.errors)")
        #expect(run.output.text.contains("Undone: working agreement 1 (“a slip of an agreement”)."))
        #expect(live.state.airtime.map(\.label) == ["United Way"] && live.state.airtime.map(\.turns) == [1])
        // The store's records are the core's: nothing undone is carried to the group's next session.
        let stored = try store.context(forSession: live.sessionID)
        #expect(stored.conflicts.isEmpty && stored.commitments.isEmpty && stored.agreements.isEmpty)
        #expect(try store.sessions(groupId: nil).first?.notes == 2)

        // Resumed, the state is the same, and /undo goes on further back from where it was.
        let (resumed, _) = try LiveSession.resume(sessionID: live.sessionID, store: store, facilitator: Harness.facilitator)
        #expect(resumed.state.notes == live.state.notes && resumed.state.airtime == live.state.airtime)
        #expect(resumed.state.undoable == live.state.undoable && resumed.state.context.conflicts == live.state.context.conflicts)
        let more = resumed.repl(["/undo", "/undo", "/conflict the real one", "/delete 1", "/end"])
        #expect(more.outcome == .done && more.output.errors.isEmpty, "\(more.output.errors)")
        #expect(more.output.text.contains("Conflict 2 recorded"), "an undone number is not given again (issue 25)")
        let replayed = try LiveSession.load(store: store, sessionID: live.sessionID)
        #expect(replayed.notes.isEmpty && replayed.airtime.isEmpty)
        #expect(replayed.context.conflicts.map(\.text) == ["the real one"])
        #expect(try store.context(forSession: live.sessionID).conflicts.map(\.text) == ["the real one"])
        #expect(try store.sessions(groupId: nil).first?.notes == 0)
        // The summary names what was taken back and quotes none of it.
        #expect(more.output.text.contains("## Taken back") && more.output.text.contains("- Undone: a turn of United Way"))
        #expect(more.output.text.contains("- Deleted: note 1") && !more.output.text.contains("a slip of"))
    }

    @Test func aBareCommandWordIsAskedAboutNotNoted() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let script = live.repl(["next"])
        #expect(script.outcome == .failed(.badInput) && script.output.errors.contains("did you mean /next?"))
        #expect(live.state.notes.isEmpty && live.state.currentIndex == 0)
        let terminal = live.repl(["undo", "/note next", "/quit"], interactive: true)
        #expect(terminal.outcome == .done && terminal.output.errors.contains("did you mean /undo?"))
        #expect(live.state.notes.map(\.text) == ["next"])
    }

    @Test func closingBelowTheThresholdAsksAtATerminalAndNotInAScript() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let declined = live.repl(["/present 6", "/checkin", "/close", "n", "/quit"], interactive: true)
        #expect(declined.reader.prompts.contains("0 answers, threshold 5: closing now shows nothing (only the count is kept); close anyway? [y/N] "))
        #expect(declined.output.text.contains("The pulse stays open") && live.state.openPulse != nil)
        let agreed = live.repl(["/close", "y", "/quit"], interactive: true)
        #expect(agreed.output.text.contains("Pulse 1 closed") && live.state.openPulse == nil)
        let forced = live.repl(["/checkin", "/close --force", "/quit"], interactive: true)
        #expect(!forced.reader.prompts.contains { $0.contains("close anyway?") } && live.state.openPulse == nil)
        // A script is never asked (its next line is no answer): /close closes and says what was kept.
        let script = live.repl(["/checkin", "/close"])
        #expect(script.outcome == .done && live.state.openPulse == nil)
        #expect(script.output.text.contains("Nothing more is shown below 5 answers"))
    }

    @Test func outputFitsSixtyAndOneHundredTwentyColumns() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let setup = live.repl([
            "/seat \"United Way\" funder", "/present funder=3 resident=3", "/spoke United Way", "/spoke United Way",
            "/spoke Eastside Tenants Association of the North Side",
            "a note long enough to wrap at sixty columns on a projector in a church basement",
            "/agree we start on time and end on time, with a break halfway",
            "/commit Eastside Tenants Association of the North Side: share the draft of the survey with the steering group by +2w",
        ])
        #expect(setup.output.errors.isEmpty, "\(setup.output.errors)")
        for width in [60, 120] {
            let run = live.repl(["/help", "/airtime", "/agenda", "/notes", "/carried", "/find trust", "/roster"], width: width)
            #expect(run.output.errors.isEmpty)
            let wide = run.output.text.split(separator: "\n").filter { TerminalText.displayWidth(String($0)) > width }
            #expect(wide.isEmpty, "wider than \(width): \(wide)")
            #expect(run.output.text.contains("█"))
        }
    }

    @Test func nextShowsTheFirstScreenAndCardShowsItAll() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let next = live.repl(["/next"], width: 60, height: 20)
        let lines = next.output.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count <= 19 && lines.first?.hasPrefix("Step 2/") == true, "\(lines)")
        #expect(lines.last?.contains("more lines: /card shows the whole card.") == true)
        let card = live.repl(["/card"], width: 60, height: 20)
        #expect(card.output.text.split(separator: "\n").count > 19)
    }

    @Test func theOpeningKeepsWhatTheGroupCarriesAboveTheCard() throws {
        let store = try AppDatabase.inMemory()
        let first = try Harness.start(store)
        _ = first.repl(["/agree we start on time", "/conflict who holds the data", "/commit Ana: share the draft by next-session", "/end"])
        let group = try #require(try store.group(named: "Reading Coalition"))
        let (_, opening) = try LiveSession.start(
            plan: Harness.library.plans["monthly-steering"]!, group: group, store: store, facilitator: Harness.facilitator)
        let screen = Styler(colour: false, width: 60, height: 40).renderFirstScreen(opening)
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count <= 39)
        for carried in ["we start on time", "who holds the data", "share the draft", "Step 1/"] {
            #expect(screen.contains(carried), "\(carried) is not on the first screen")
        }
    }
}
