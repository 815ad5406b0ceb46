import ConveneCore
import Foundation
import GRDB
import Testing

@testable import ConveneSession
@testable import ConveneStore

/// `SessionState.apply` is the only interpreter of events: the store saves what the core derived.
/// Every event kind is replayed here, and after each step the session as the store reads it back
/// (its events on its group's context) equals the state the core holds.
@Suite struct DerivedStateTests {
    /// The state with its labels sorted and an open pulse's answers in key order (memory keeps them
    /// in the order they came until the close; the store, in key order).
    func comparable(_ state: SessionState) -> SessionState {
        var copy = state
        copy.pulses = copy.pulses.map { $0.inKeyOrder() }
        copy.context.labels.sort()
        return copy
    }

    func expectStoreAgrees(_ live: LiveSession, _ store: AppDatabase, after line: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let readBack = try LiveSession.load(store: store, sessionID: live.sessionID)
        #expect(comparable(readBack) == comparable(live.state), "after \(line)", sourceLocation: sourceLocation)
        var context = try store.context(forSession: live.sessionID)
        context.labels.sort()
        #expect(context == comparable(live.state).context, "after \(line)", sourceLocation: sourceLocation)
        let airtime = try store.read { db in try AirtimeRecord.filter(AirtimeRecord.Columns.sessionId == live.sessionID).fetchAll(db) }
        #expect(
            Dictionary(uniqueKeysWithValues: airtime.map { ($0.label, $0.turns) })
                == Dictionary(uniqueKeysWithValues: live.state.airtime.map { ($0.label, $0.turns) }),
            "after \(line)", sourceLocation: sourceLocation)
        #expect(try store.session(id: live.sessionID)?.status == (live.state.isEnded ? .ended : .open), sourceLocation: sourceLocation)
    }

    @Test func everyEventKindIsSavedAsTheCoreDerivedIt() throws {
        let store = try AppDatabase.inMemory()
        let first = try Harness.start(store)
        let lines = [
            "/next", "/back", "/goto 4", "/skip", "/add things-i-suck-at at 2", "/drop 3", "/timer 10", "/timer +2", "/timer pause", "/timer resume",
            "a note on the card", "/conflict who holds the data", "/conflict the fiscal sponsor role", "/resolve 1 shared ownership",
            "/commit Ana: share the draft by +2w", "/commit Luis (Eastside): call the district by next-session", "/done 1",
            "/agree we start on time", "/agree one voice at a time", "/retire 1",
            "/spoke United Way", "/spoke united way", "/spoke Eastside Tenants", "/present 6",
            "/pulse trust-at-this-table", "/quit",
        ]
        for line in lines {
            _ = try #require(try first.perform(line: line))
            try expectStoreAgrees(first, store, after: line)
        }
        for value in [4, 5, 2] { try first.submit(PulseAnswer(value: value, comment: "c\(value)"), pulse: 1) }
        try expectStoreAgrees(first, store, after: "three answers")
        // The process goes away; the session is resumed from the store (a resumed event).
        let (resumed, _) = try LiveSession.resume(sessionID: first.sessionID, store: store, facilitator: Harness.facilitator)
        try expectStoreAgrees(resumed, store, after: "resume")
        for line in ["/close", "/end"] {
            _ = try resumed.perform(line: line)
            try expectStoreAgrees(resumed, store, after: line)
        }
        // A later session carries the group's memory and changes it: ages come from the store.
        let group = try #require(try store.group(named: "Reading Coalition"))
        let clock = Harness.Clock()
        let (second, _) = try LiveSession.start(
            plan: Harness.library.plans["monthly-steering"]!, group: group, store: store, facilitator: Harness.facilitator,
            clock: { clock.tick() + 30 * 86_400 })
        #expect(second.state.context.openConflicts.map(\.sessionsOpen) == [2])
        #expect(second.state.context.labels.first == "United Way")
        for line in ["/resolve 2 rotating it yearly", "/done 2", "/retire 2", "/spoke UNITED WAY", "/end"] {
            _ = try second.perform(line: line)
            try expectStoreAgrees(second, store, after: line)
        }
        let history = try store.history(groupId: group.id!)
        #expect(history.conflicts.map(\.resolvedSession) == [first.sessionID, second.sessionID])
        #expect(history.commitments.map(\.doneSession) == [first.sessionID, second.sessionID])
        // The core's spelling rule decides which labels are one: "united way" counted with "United Way".
        #expect(history.sessions[0].airtime.map(\.label).sorted() == ["Eastside Tenants", "United Way"])
        #expect(history.sessions[0].airtime.first { $0.label == "United Way" }?.turns == 2)
    }
}
