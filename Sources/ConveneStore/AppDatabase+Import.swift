import ConveneCore
import Foundation
import GRDB

/// Bulk writes for generated histories (benchmarks, the demo): many sessions per transaction.
extension AppDatabase {
    public func importSessions(_ sessions: [DemoStory.Session], group: GroupRecord) throws(StoreError) {
        guard let groupId = group.id else { throw StoreError(.failed, "the group is not stored") }
        try write { db in
            // The core interprets each session on the group's memory so far, carried in memory, and
            // seals each pulse from its answers as a live session would.
            var carried = GroupContext(threshold: group.threshold)
            for session in sessions {
                guard let first = session.events.first, case .started(_, let plan, let title, _) = first.change else { continue }
                var record = SessionRecord(groupId: groupId, plan: plan, title: title, startedAt: first.at)
                try record.insert(db)
                let id = record.id!
                var state = SessionState(context: carried)
                var seals: [PulseSeal] = []
                for event in session.events {
                    if case .pulseClosed(let number) = event.change {
                        // Answers go in while their pulse is open; the close then finds them.
                        let answers = (session.answers[number] ?? []).map { (key: Self.answerKey(), answer: $0) }
                        state.record(answers, pulse: number)
                        for (key, answer) in answers { try Self.insertAnswer(answer, key: key, session: id, pulse: number, db: db) }
                    }
                    if let seal = state.applySealing(event) { seals.append(seal) }
                }
                try Self.insert(session.events, into: id, seals: seals, db: db)
                try Self.save(state, after: session.events, session: id, db: db)
                carried = state.context
            }
        }
    }
}
