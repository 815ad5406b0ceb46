import ConveneCore
import ConveneSession
import Foundation
import GRDB
import Testing

@testable import ConveneStore

@Suite struct AnonymityTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func sessionWithPulse(_ store: AppDatabase) throws -> Int64 {
        let group = try store.createGroup(named: "G", at: t0)
        let question = PulseQuestion(text: "Trust?", answer: .text)
        let session = try store.createSession(
            group: group,
            events: [
                SessionEvent(
                    at: t0, .started(group: "G", plan: "p", title: "P", agenda: [AgendaItem(key: 1, activityID: "a", title: "A", plannedMinutes: 5)])),
                SessionEvent(at: t0, .moved(to: 1, how: .start)),
                SessionEvent(at: t0, .pulseOpened(number: 1, question: question)),
            ])
        return session.id!
    }

    /// Spearman's rho between submission order and stored order, over 1,000 answers whose text
    /// encodes their order: the stored order must reveal nothing.
    @Test func storedOrderDoesNotFollowSubmissionOrder() throws {
        let store = try AppDatabase.inMemory()
        let session = try sessionWithPulse(store)
        for index in 0..<1000 {
            try store.addAnswers([(AppDatabase.answerKey(), PulseAnswer(text: String(format: "%04d", index)))], session: session, pulse: 1)
        }
        let stored = try store.read { db in try String.fetchAll(db, sql: "SELECT text FROM response") }
        #expect(stored.count == 1000)
        let ranks = stored.map { Double(Int($0)!) }
        let n = Double(ranks.count)
        let d2 = ranks.enumerated().reduce(0.0) { $0 + pow(Double($1.offset) - $1.element, 2) }
        let rho = 1 - 6 * d2 / (n * (n * n - 1))
        #expect(abs(rho) < 0.1, "rho = \(rho)")
    }

    /// Inside the file, rows sit in the order they were written: a pass-the-keyboard round answers in
    /// seating order. After /close the answers lie in the order of their random keys, once each.
    @Test func theStoreFileKeepsNoTraceOfTheOrderOfAnswering() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convene-order-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try AppDatabase.open(path: folder + "/store.sqlite")
        let session = try sessionWithPulse(store)
        let names = ["ALICE", "BORIS", "CHIDI", "DAVID", "ELENA", "FARAH", "GOKAN", "HANNA"].map { $0 + "-answered-" + $0 }
        for name in names { try store.addAnswers([(AppDatabase.answerKey(), PulseAnswer(text: name))], session: session, pulse: 1) }
        try store.appendAsLive([SessionEvent(at: t0 + 60, .pulseClosed(number: 1))], to: session)
        try store.checkpoint()  // as LiveSession does after every close
        let byKey = try store.read { db in try String.fetchAll(db, sql: "SELECT text FROM response ORDER BY key") }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/store.sqlite")))
        bytes += (try? Data(contentsOf: URL(fileURLWithPath: folder + "/store.sqlite-wal"))).map { [UInt8]($0) } ?? []
        func offsets(of name: String) -> [Int] {
            let needle = Array(name.utf8)
            return (0...(bytes.count - needle.count)).filter { start in
                bytes[start] == needle[0] && Array(bytes[start..<start + needle.count]) == needle
            }
        }
        let found = names.map { offsets(of: $0) }
        #expect(found.allSatisfy { $0.count == 1 }, "\(found)")
        let byPlace = zip(names, found).sorted { $0.1.first ?? 0 < $1.1.first ?? 0 }.map(\.0)
        #expect(byPlace == byKey || byPlace == byKey.reversed(), "file order \(byPlace), key order \(byKey)")
    }

    @Test func answersHaveNoTimeNoIdentityAndNoRowid() throws {
        let store = try AppDatabase.inMemory()
        let columns = try store.read { db in try db.columns(in: "response").map(\.name) }
        // `segment` holds a segmented pulse's choice only while it is open (erased at close).
        #expect(Set(columns) == ["key", "sessionId", "pulseNumber", "value", "traffic", "words", "text", "comment", "segment"])
        let sql = try store.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'response'") } ?? ""
        #expect(sql.contains("WITHOUT ROWID"))
        // Events carry no answers: the event kinds a pass round could write do not exist.
        let pulseColumns = try store.read { db in try db.columns(in: "pulse").map(\.name) }
        #expect(!pulseColumns.contains("count"))
    }

    /// The store carries out the core's seal; a close without one is refused whole.
    @Test func aCloseWithoutItsSealStoresNothing() throws {
        let store = try AppDatabase.inMemory()
        let session = try sessionWithPulse(store)
        let before = try store.events(of: session).count
        let state = try LiveSession.load(store: store, sessionID: session)
        #expect(throws: StoreError.self) { try store.append([SessionEvent(at: t0 + 60, .pulseClosed(number: 1))], to: session, state: state) }
        #expect(try store.events(of: session).count == before)
        #expect(try store.closedCounts(session: session).isEmpty)
    }

    @Test func thresholdBelowThreeIsRefused() throws {
        let store = try AppDatabase.inMemory()
        _ = try store.createGroup(named: "G", at: t0)
        #expect(throws: StoreError.self) { try store.setThreshold(2, group: "G") }
        #expect(throws: StoreError.self) { try store.setThreshold(11, group: "G") }
        #expect(try store.setThreshold(3, group: "g").threshold == 3)
    }

    @Test func groupMemoryCarriesAcrossSessions() throws {
        let store = try AppDatabase.inMemory()
        let group = try store.createGroup(named: "G", at: t0)
        func start(_ at: Date) throws -> Int64 {
            try store.createSession(
                group: group,
                events: [
                    SessionEvent(
                        at: at,
                        .started(group: "G", plan: "p", title: "P", agenda: [AgendaItem(key: 1, activityID: "a", title: "A", plannedMinutes: 5)])),
                    SessionEvent(at: at, .moved(to: 1, how: .start)),
                ]
            ).id!
        }
        let first = try start(t0)
        try store.appendAsLive(
            [
                SessionEvent(at: t0, .conflictRaised(number: 1, text: "credit")),
                SessionEvent(at: t0, .conflictRaised(number: 2, text: "data")),
                SessionEvent(at: t0, .conflictResolved(number: 1, note: "policy")),
                SessionEvent(at: t0, .committed(number: 1, owner: "Ana", action: "survey", due: .nextSession)),
                SessionEvent(at: t0, .agreed(number: 1, text: "consent")),
                SessionEvent(at: t0, .spoke(label: "Agency")),
                SessionEvent(at: t0, .ended),
            ], to: first)
        let second = try start(t0 + 86_400)
        _ = try start(t0 + 2 * 86_400)
        let context = try store.context(forSession: second)
        #expect(context.sessionNumber == 2)
        #expect(context.openConflicts.map(\.text) == ["data"])
        #expect(context.openConflicts.first?.sessionsOpen == 2)
        #expect(context.openCommitments.first?.due == .nextSession)
        #expect(context.activeAgreements.map(\.text) == ["consent"])
        #expect(context.labels == ["Agency"])
    }
}

extension AppDatabase {
    /// Appends as a live session does: with the core's state after the events, and the seal of
    /// each pulse they close.
    func appendAsLive(_ events: [SessionEvent], to session: Int64) throws {
        var state = try LiveSession.load(store: self, sessionID: session)
        var seals: [PulseSeal] = []
        for event in events {
            if let seal = state.applySealing(event) { seals.append(seal) }
        }
        try append(events, to: session, state: state, seals: seals)
    }
}
