import ConveneCore
import Foundation
import GRDB

/// Bulk writes for generated histories (benchmarks, the demo): many sessions per transaction.
extension AppDatabase {
    public func importSessions(_ sessions: [DemoStory.Session], group: GroupRecord) throws(StoreError) {
        guard let groupId = group.id else { throw StoreError(.failed, "the group is not stored") }
        try write { db in
            var random = SystemRandomNumberGenerator()
            // The core interprets each session on the group's memory so far, carried in memory.
            var carried = GroupContext(threshold: group.threshold)
            for session in sessions {
                guard let first = session.events.first, case let .started(_, plan, title, _) = first.change else { continue }
                var record = SessionRecord(groupId: groupId, plan: plan, title: title, startedAt: first.at)
                try record.insert(db)
                let id = record.id!
                let state = SessionState.replay(session.events, context: carried)
                // Answers go in while their pulse is open, then the rest of the events.
                var pending: [SessionEvent] = []
                for event in session.events {
                    if case .pulseClosed(let number) = event.change {
                        try Self.insert(pending, into: id, state: state, db: db)
                        pending = []
                        for answer in session.answers[number] ?? [] {
                            try Self.insertAnswer(answer, session: id, pulse: number, db: db, random: &random)
                        }
                    }
                    pending.append(event)
                }
                try Self.insert(pending, into: id, state: state, db: db)
                try Self.save(state, after: session.events, session: id, db: db)
                carried = state.context
            }
        }
    }
}
