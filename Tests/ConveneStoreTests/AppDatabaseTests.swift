import ConveneCore
import Foundation
import GRDB
import Testing

@testable import ConveneStore

@Suite struct AppDatabaseTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func startEvents(_ group: String = "Steering") -> [SessionEvent] {
        [
            SessionEvent(
                at: t0, .started(group: group, plan: "p", title: "Plan", agenda: [AgendaItem(key: 1, activityID: "a", title: "A", plannedMinutes: 5)])
            ),
            SessionEvent(at: t0, .moved(to: 1, how: .start)),
        ]
    }

    @Test func eventsRoundTripInOrder() throws {
        let store = try AppDatabase.inMemory()
        let group = try store.createGroup(named: "Steering", at: t0)
        let session = try store.createSession(group: group, events: startEvents())
        let notes = (1...50).map { SessionEvent(at: t0 + Double($0), .noted(item: 1, text: "note \($0)")) }
        for note in notes { try store.appendAsLive([note], to: session.id!) }
        let events = try store.events(of: session.id!)
        #expect(events == startEvents() + notes)
        #expect(try store.sessions(groupId: nil).first?.notes == 50)
    }

    @Test func endingASessionClosesIt() throws {
        let store = try AppDatabase.inMemory()
        let group = try store.createGroup(named: "Steering", at: t0)
        let session = try store.createSession(group: group, events: startEvents())
        #expect(try store.openSessions().count == 1)
        try store.appendAsLive([SessionEvent(at: t0 + 60, .ended)], to: session.id!)
        #expect(try store.openSessions().isEmpty)
        #expect(try store.session(id: session.id!)?.status == .ended)
    }

    @Test func groupNamesAreCaseInsensitiveAndCreatedOnce() throws {
        let store = try AppDatabase.inMemory()
        let first = try store.createGroup(named: "Reading Coalition", at: t0)
        let again = try store.createGroup(named: "reading coalition", at: t0)
        #expect(first.id == again.id)
        #expect(try store.groups().count == 1)
        #expect(first.threshold == 5)
    }

    @Test func onDiskStoreIsWALWithSynchronousFull() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convene-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try AppDatabase.open(path: folder + "/store.sqlite")
        #expect(try store.synchronousLevel() == 2)
        let mode = try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    /// The store holds notes and answers: only its owner may read it, the -wal and -shm files too,
    /// and a store made before this rule is tightened when it is opened.
    @Test func theStoreAndItsLogAreTheOwnersOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convene-mode-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func mode(_ file: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        let path = folder + "/store.sqlite"
        let store = try AppDatabase.open(path: path)
        _ = try store.createGroup(named: "G", at: t0)
        for file in [path, path + "-wal", path + "-shm"] { #expect(try mode(file) == 0o600, "\(file)") }
        let old = folder + "/old.sqlite"
        _ = FileManager.default.createFile(atPath: old, contents: nil, attributes: [.posixPermissions: 0o644])
        _ = try AppDatabase.open(path: old)
        #expect(try mode(old) == 0o600)
    }

    @Test func migrationsAreNamed() throws {
        let store = try AppDatabase.inMemory()
        let applied = try store.read { db in try AppDatabase.migrator.appliedMigrations(db) }
        #expect(
            applied == [
                "v1: groups, sessions, events", "v2: group memory, airtime, pulses, anonymous answers", "v3: web ballots",
                "v4: answers indexed by value, for trends", "v5: pulse aggregates kept at close",
                "v6: the k promised at open, the session's web key, ballots per session", "v7: the headcount a pulse closed with",
                "v8: the language a group's participants read", "v9: one index fewer for every answer written",
                "v10: seats, headcount by category, segmented pulses", "v11: notes, agenda items and agreements' sessions as records",
                "v12: no segment beside an open pulse's answers; the group's segment questions",
                "v13: decisions, and how a group decides", "v14: each session keeps its seats' categories as they were; category renames",
                "v15: a group's stable id on the network",
                "v16: the join code survives a stop; segment history by index",
            ])
    }

    /// v15 gives every group a stable network id, different for each, and a new group one too.
    @Test func eachGroupHasItsOwnNetworkID() throws {
        let queue = try DatabaseQueue()
        var migrator = AppDatabase.migrator
        try migrator.migrate(queue, upTo: "v14: each session keeps its seats' categories as they were; category renames")
        try queue.write { db in
            for name in ["A", "B"] {
                try db.execute(
                    sql: "INSERT INTO \"group\" (name, threshold, createdAt, language) VALUES (?, 5, '2026-01-01', 'en')", arguments: [name])
            }
        }
        migrator = AppDatabase.migrator
        try migrator.migrate(queue)
        let store = try AppDatabase(queue)
        _ = try store.createGroup(named: "C", at: t0)
        let ids = try store.groups().map(\.networkId)
        #expect(ids.count == 3 && Set(ids).count == 3 && ids.allSatisfy { $0?.count == 32 })
        // Stable: read again, the same.
        #expect(try store.groups().map(\.networkId) == ids)
    }

    @Test func aSecondWriterGetsAClearMessage() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("convene-lock-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path + ".lock") }
        let first = try StoreLock(storePath: path)
        #expect(throws: StoreError.self) { try StoreLock(storePath: path) }
        do {
            _ = try StoreLock(storePath: path)
        } catch {
            #expect(error.description.contains("in use by another convene"))
        }
        withExtendedLifetime(first) {}
    }
}
