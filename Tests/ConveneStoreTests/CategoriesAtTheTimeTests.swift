import ConveneCore
import Foundation
import GRDB
import Testing

@testable import ConveneStore

/// Each session keeps each seat's category as it was then (v14): moving a seat later never
/// rewrites what was seen, and renaming a category is one event, not a drop and a rise.
@Suite struct CategoriesAtTheTimeTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    /// A group with two resident seats and two nonprofit ones; `count` sessions in which the
    /// residents are present and silent.
    func store(sessions count: Int) throws -> AppDatabase {
        let store = try AppDatabase.inMemory()
        _ = try store.createGroup(named: "G", at: t0)
        try add(0..<count, to: store)
        return store
    }

    /// Sessions `range` of the group, its grassroots seats counted under `community`.
    func add(_ range: Range<Int>, to store: AppDatabase, community: String = "grassroots") throws {
        let group = try #require(store.groups().first)
        for index in range {
            let at = t0 + Double(index) * 7 * 86_400
            let id = try store.createSession(
                group: group,
                events: [
                    SessionEvent(
                        at: at,
                        .started(group: "G", plan: "p", title: "P", agenda: [AgendaItem(key: 1, activityID: "a", title: "A", plannedMinutes: 5)]))
                ]
            ).id!
            var events: [SessionEvent] =
                index == 0
                ? [
                    SessionEvent(at: at, .seated(Seat(label: "Ana", category: "resident"))),
                    SessionEvent(at: at, .seated(Seat(label: "Ben", category: "resident"))),
                    SessionEvent(at: at, .seated(Seat(label: "Agency", category: "nonprofit"))),
                    SessionEvent(at: at, .seated(Seat(label: "Bank", category: "nonprofit"))),
                ] : []
            events.append(
                SessionEvent(
                    at: at,
                    .presentBy(
                        categories: [
                            CategoryCount(category: "resident", count: 6), CategoryCount(category: community, count: 6),
                            CategoryCount(category: "nonprofit", count: 6),
                        ])))
            events += Array(repeating: SessionEvent(at: at, .spoke(label: "Agency")), count: 12)
            events += Array(repeating: SessionEvent(at: at, .spoke(label: "Ana")), count: 1)
            events.append(SessionEvent(at: at, .ended))
            try store.appendAsLive(events, to: id)
        }
    }

    @Test func movingASeatChangesNothingAlreadySeen() throws {
        let store = try store(sessions: 3)
        let id = try #require(store.groups().first?.id)
        let before = try store.history(groupId: id)
        #expect(before.sessions.allSatisfy { $0.seats?.first { $0.label == "Ana" }?.category == "resident" })
        // Ana moves to nonprofit with no new session: the past keeps her a resident.
        try store.addSeat(Seat(label: "Ana", category: "nonprofit"), group: "G")
        let after = try store.history(groupId: id)
        #expect(after.roster.category(of: "Ana") == "nonprofit")
        #expect(after.sessions.map(\.seats) == before.sessions.map(\.seats))
        let detector = SignalDetector(library: Library(), clock: .utc)
        #expect(detector.signals(after) == detector.signals(before))
        #expect(SignalDetector.voiceShares(after.sessions, history: after) == SignalDetector.voiceShares(before.sessions, history: before))
        // Sessions under one roster share one copy of it (the empty roster the first session opened
        // with, then the four seats); a session after the move adds one more.
        func versions() throws -> Int? { try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM roster_version") } }
        #expect(try versions() == 2)
        try add(3..<4, to: store)
        #expect(try versions() == 3)
        let later = try store.history(groupId: id)
        #expect(later.sessions.last?.seats?.first { $0.label == "Ana" }?.category == "nonprofit")
        #expect(Array(later.sessions.prefix(3).map(\.seats)) == before.sessions.map(\.seats))
    }

    @Test func renamingACategoryIsOneEventNotADropAndARise() throws {
        let store = try store(sessions: 2)
        let id = try #require(store.groups().first?.id)
        let detector = SignalDetector(library: Library(), clock: .utc)
        let before = try store.history(groupId: id)
        let group = try store.renameCategory("grassroots", to: "cbo", group: "G")
        // Two more sessions with the same six people, now counted as cbo.
        try add(2..<4, to: store, community: "cbo")
        #expect(group.categoryList.contains("cbo") && !group.categoryList.contains("grassroots"))
        let after = try store.history(groupId: id)
        // The same people under the new name in every session: no fall, no rise.
        #expect(after.sessions.allSatisfy { $0.headcountByCategory?.first { $0.category == "cbo" }?.count == 6 })
        #expect(after.sessions.allSatisfy { $0.headcountByCategory?.contains { $0.category == "grassroots" } == false })
        #expect(!detector.signals(after).contains { $0.id == .representationDrift })
        #expect(!detector.signals(before).contains { $0.id == .representationDrift })
        let recorded = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM category_rename") }
        #expect(recorded == 1)
        // A name the group does not have, or one it has already, is refused with what to do.
        #expect(throws: StoreError.self) { try store.renameCategory("nope", to: "x", group: "G") }
        #expect(throws: StoreError.self) { try store.renameCategory("cbo", to: "resident", group: "G") }
    }
}
