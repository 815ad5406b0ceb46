import ConveneCore
import ConveneTerminal
import Foundation
import Testing

@testable import ConveneSession
@testable import ConveneStore

/// The REPL driven in process (scripted reader, buffer writer, in-memory store): every command's
/// usual path and one refusal each, in the order a meeting would use them.
@Suite struct ReplInProcessTests {
    /// (command name, a line that is refused, words of the refusal, lines that work)
    static let script: [(name: String, refused: String, because: String, ok: [String])] = [
        ("help", "/helpp", "did you mean /help?", ["/help next"]),
        ("agenda", "/agenda now", "takes no arguments", ["/agenda"]),
        ("next", "/next please", "takes no arguments", ["/next"]),
        ("back", "/back now", "takes no arguments", ["/back"]),
        ("goto", "/goto 99", "takes a step from 1 to", ["/goto 3"]),
        ("skip", "/skip it", "takes no arguments", ["/skip"]),
        ("add", "/add no-such-card", "no activity \"no-such-card\"", ["/add things-i-suck-at"]),
        ("drop", "/drop 99", "takes a step from 1 to", ["/drop 2"]),
        ("timer", "/timer soon", "/timer takes minutes", ["/timer +5"]),
        ("note", "/note", "needs the text", ["/note the room warmed up"]),
        ("notes", "/notes all", "takes no arguments", ["/notes"]),
        ("edit", "/edit 99 new words", "no note 99", ["/edit 1 the room warmed up fast"]),
        ("delete", "/delete 99", "no note 99", ["/note a slip to delete", "/delete 2"]),
        ("undo", "/undo now", "takes no arguments", ["/note another slip", "/undo"]),
        ("card", "/card now", "takes no arguments", ["/card"]),
        ("show", "/show nope-card", "no activity", ["/show things-i-suck-at"]),
        ("find", "/find", "needs words", ["/find trust"]),
        ("conflict", "/conflict", "needs a description", ["/conflict who holds the data"]),
        ("conflicts", "/conflicts all", "takes no arguments", ["/conflicts"]),
        ("resolve", "/resolve 7", "no conflict 7", ["/resolve 1 shared agreement"]),
        ("commit", "/commit Ana: send it by someday", "cannot read the date", ["/commit Ana: share the draft by +2w"]),
        ("commitments", "/commitments all", "takes no arguments", ["/commitments"]),
        ("done", "/done 9", "no commitment 9", ["/done 1"]),
        ("agree", "/agree", "needs the text", ["/agree we start on time"]),
        ("agreements", "/agreements all", "takes no arguments", ["/agreements"]),
        ("carried", "/carried now", "takes no arguments", ["/carried"]),
        ("retire", "/retire 9", "no working agreement 9", ["/retire 1"]),
        ("seat", "/seat Ana bogus", "is not one of this group's categories", ["/seat Ana resident", "/seat \"United Way\" funder"]),
        ("roster", "/roster all", "takes no arguments", ["/roster"]),
        ("here", "/here Nobody", "not on the roster", ["/here Ana \"United Way\""]),
        ("spoke", "/spoke", "needs a label", ["/spoke United Way", "/spoke Eastside Tenants"]),
        ("relabel", "/relabel \"Eastside Tenants\"", "takes two labels", ["/relabel \"Eastside Tenants\" Eastside"]),
        ("airtime", "/airtime all", "takes no arguments", ["/airtime"]),
        ("present", "/present many", "needs", ["/present 6"]),
        ("pass", "/pass", "no pulse is open", []),
        ("close", "/close", "no pulse is open", []),
        ("checkin", "/checkin now", "takes no arguments", ["/checkin", "/close"]),
        ("checkout", "/checkout now", "takes no arguments", ["/checkout", "/close"]),
        ("results", "/results 9", "no pulse 9", ["/results 1", "/results"]),
        (
            "pulse", "/pulse no-such-question", "no pulse question",
            ["/pulse trust-at-this-table", "/pass", "bluebird", "4", "5 a comment", "bluebird", "/close"]
        ),
        ("web", "/web sideways", "/web takes on", ["/web", "/web off"]),
        ("signals", "/signals now", "takes no arguments", ["/signals"]),
        ("trends", "/trends now", "takes no arguments", ["/trends"]),
        ("prep", "/prep now", "takes no arguments", ["/prep"]),
        ("quit", "/quit now", "takes no arguments", ["/note before leaving", "/quit"]),
        ("item", "/item now", "takes no arguments", ["/item"]),
        ("add-item", "/add-item Grants: vote 30", "the purpose must be one of", ["/add-item Grants: decide 30 consent"]),
        ("propose", "/propose", "needs the proposal", ["/propose Fund Eastside"]),
        ("decide", "/decide unanimity", "/decide takes a method", ["/decide", "/close"]),
        ("stance", "/stance Ana 3", "takes stances anonymously", []),
        ("decided", "/decided", "needs the decision in words", ["/decided Eastside funded"]),
        ("deferred", "/deferred", "needs why it waits", ["/propose Evening meetings", "/deferred Ask residents first"]),
        ("decisions", "/decisions all", "takes no arguments", ["/decisions"]),
        ("clear", "/clear now", "takes no arguments", ["/clear"]),
        ("end", "/end --outx", "/end takes only --out FILE", ["/end"]),
    ]

    @Test func everyCommandHasItsUsualPathAndARefusal() throws {
        #expect(Set(Self.script.map(\.name)) == Set(CommandSpec.all.map(\.name)), "a command without a line in this script")
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        for entry in Self.script {
            // The refusal first: it changes nothing, and the usual path still works after it.
            let before = try store.events(of: live.sessionID).count
            let refused = live.repl([entry.refused], interactive: false)
            #expect(refused.outcome == .failed(.badInput), "\(entry.refused) was not refused")
            #expect(refused.output.errors.contains(entry.because), "\(entry.refused): \(refused.output.errors)")
            #expect(refused.output.errors.split(separator: "\n").count == 1)
            #expect(try store.events(of: live.sessionID).count == before, "\(entry.refused) stored something")
            let ok = live.repl(entry.ok, interactive: false)
            #expect(ok.outcome == .done && ok.output.errors.isEmpty, "\(entry.ok): \(ok.output.errors)")
        }
        #expect(live.state.isEnded)
        // What the session did, read back as a later session's REPL would.
        let replayed = try LiveSession.load(store: store, sessionID: live.sessionID)
        #expect(replayed.notes == live.state.notes)
        #expect(replayed.airtime == live.state.airtime)
        #expect(replayed.pulses.map(\.isClosed) == [true, true, true, true])  // three pulses and a stance round
        // Two answers are below k: only their count is kept once the pulse closed.
        #expect(replayed.pulses[2].count == 2 && replayed.pulses[2].answers.isEmpty && replayed.pulses.map(\.count) == live.state.pulses.map(\.count))
    }

    @Test func quitLeavesTheSessionResumable() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let (outcome, output, _) = live.repl(["/note kept", "/quit"])
        #expect(outcome == .done && output.errors.isEmpty)
        #expect(try store.openSessions().count == 1)
        let (resumed, opening) = try LiveSession.resume(sessionID: live.sessionID, store: store, facilitator: Harness.facilitator)
        #expect(opening.map(\.text).joined().contains("1 notes so far") || opening.map(\.text).joined().contains("1 note"))
        #expect(resumed.state.notes.map(\.text) == ["kept"])
    }

    @Test func aStoreThatFailsStopsAScriptWithExitOneAndKeepsTheStateAsItWas() throws {
        let folder = Harness.Folder()
        let store = try AppDatabase.open(path: folder.store)
        let live = try Harness.start(store)
        // The file becomes unwritable under the session (a full or read-only disk).
        try store.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON event BEGIN SELECT RAISE(FAIL, 'disk I/O error'); END")
        }
        let (outcome, output, _) = live.repl(["/note this is not kept", "/note nor this"])
        #expect(outcome == .failed(.failure))
        #expect(output.errors.contains("disk I/O error"))
        #expect(live.state.notes.isEmpty)
    }
}
