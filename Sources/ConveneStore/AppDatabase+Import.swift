import ConveneCore
import Foundation
import GRDB

/// Bulk writes for generated histories (benchmarks, the demo): many sessions per transaction.
extension AppDatabase {
    public func importSessions(_ sessions: [DemoStory.Session], group: GroupRecord) throws(StoreError) {
        guard let groupId = group.id else { throw StoreError(.failed, "the group is not stored") }
        try write { db in
            var random = SystemRandomNumberGenerator()
            let response = try db.cachedStatement(sql: "INSERT INTO response (key, sessionId, pulseNumber, value, comment) VALUES (?, ?, ?, ?, ?)")
            for session in sessions {
                guard let first = session.events.first, case let .started(_, plan, title, _) = first.change else { continue }
                var record = SessionRecord(groupId: groupId, plan: plan, title: title, startedAt: first.at)
                try record.insert(db)
                let id = record.id!
                // Answers go in while their pulse is open, then the rest of the events.
                var pending: [SessionEvent] = []
                for event in session.events {
                    if case .pulseClosed(let number) = event.change {
                        try Self.insert(pending, into: id, db: db)
                        pending = []
                        for answer in session.answers[number] ?? [] {
                            let key = Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &random) })
                            try response.execute(arguments: [key, id, number, answer.value, answer.comment])
                        }
                    }
                    pending.append(event)
                }
                try Self.insert(pending, into: id, db: db)
            }
        }
    }
}
