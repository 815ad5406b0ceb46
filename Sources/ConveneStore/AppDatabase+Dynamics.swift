import ConveneCore
import Foundation
import GRDB

/// A group's history for signals, trends, reports and exports. Values and comments are read only
/// for pulses that were closed with at least k answers.
extension AppDatabase {
    public func history(groupId: Int64) throws(StoreError) -> GroupHistory {
        try read { db in
            guard let group = try GroupRecord.fetchOne(db, key: groupId) else {
                throw StoreError(.notFound, "group \(groupId) is not in the store")
            }
            var sessions = try Row.fetchAll(db, sql: "SELECT id, startedAt, title, headcount FROM session WHERE groupId = ? ORDER BY startedAt, id", arguments: [groupId]).map { row in
                GroupHistory.Session(id: row["id"], date: row["startedAt"], title: row["title"], headcount: row["headcount"])
            }
            var index: [Int64: Int] = [:]
            for (i, session) in sessions.enumerated() { index[session.id] = i }

            for row in try Row.fetchAll(db, sql: """
                SELECT a.sessionId, a.label, a.turns FROM airtime a JOIN session s ON s.id = a.sessionId
                WHERE s.groupId = ? ORDER BY a.sessionId, a.turns DESC, a.label
                """, arguments: [groupId]) {
                if let i = index[row["sessionId"]] {
                    sessions[i].airtime.append(Airtime.Row(label: row["label"], turns: row["turns"], share: 0))
                }
            }
            for i in sessions.indices {
                let total = sessions[i].airtime.reduce(0) { $0 + $1.turns }
                for j in sessions[i].airtime.indices where total > 0 { sessions[i].airtime[j].share = Double(sessions[i].airtime[j].turns) / Double(total) }
            }
            for row in try Row.fetchAll(db, sql: "SELECT raisedSessionId, COUNT(*) AS n FROM conflict WHERE groupId = ? GROUP BY raisedSessionId", arguments: [groupId]) {
                if let i = index[row["raisedSessionId"]] { sessions[i].conflictsRaised = row["n"] }
            }

            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT r.sessionId, r.pulseNumber, COUNT(*) AS n FROM response r JOIN session s ON s.id = r.sessionId
                WHERE s.groupId = ? GROUP BY r.sessionId, r.pulseNumber
                """, arguments: [groupId]) {
                counts["\(row["sessionId"] as Int64)/\(row["pulseNumber"] as Int)"] = row["n"]
            }
            var pulseIndex: [String: (Int, Int)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT p.* FROM pulse p JOIN session s ON s.id = p.sessionId WHERE s.groupId = ? ORDER BY p.sessionId, p.number
                """, arguments: [groupId]) {
                let sessionId: Int64 = row["sessionId"]
                guard let i = index[sessionId] else { continue }
                let number: Int = row["number"]
                let key = "\(sessionId)/\(number)"
                let answer = PulseSpec.Answer(rawValue: row["answer"]) ?? .scale
                let pulse = GroupHistory.Pulse(
                    number: number, question: row["question"], libraryID: row["libraryId"], answer: answer,
                    measures: (row["measures"] as String?).flatMap(PulseSpec.Measure.init(rawValue:)), reverse: row["reverse"],
                    scaleMin: row["scaleMin"], scaleMax: row["scaleMax"], closed: !(row["closedAt"] as DatabaseValue).isNull, count: counts[key] ?? 0
                )
                pulseIndex[key] = (i, sessions[i].pulses.count)
                sessions[i].pulses.append(pulse)
            }
            // Values and comments only for pulses closed with at least k answers.
            let revealed = Set(pulseIndex.filter { key, position in
                sessions[position.0].pulses[position.1].isRevealed(threshold: group.threshold)
            }.keys)
            if !revealed.isEmpty {
                // Values come as counts per value (exact, and far fewer rows than answers).
                for row in try Row.fetchAll(db, sql: """
                    SELECT r.sessionId, r.pulseNumber, r.value, COUNT(*) AS n FROM response r JOIN session s ON s.id = r.sessionId
                    WHERE s.groupId = ? AND r.value IS NOT NULL GROUP BY r.sessionId, r.pulseNumber, r.value
                    """, arguments: [groupId]) {
                    let key = "\(row["sessionId"] as Int64)/\(row["pulseNumber"] as Int)"
                    guard revealed.contains(key), let (i, j) = pulseIndex[key] else { continue }
                    sessions[i].pulses[j].values += Array(repeating: row["value"] as Int, count: row["n"])
                }
                for row in try Row.fetchAll(db, sql: """
                    SELECT r.sessionId, r.pulseNumber, r.comment, r.text FROM response r JOIN session s ON s.id = r.sessionId
                    WHERE s.groupId = ? AND (r.comment IS NOT NULL OR r.text IS NOT NULL)
                    """, arguments: [groupId]) {
                    let key = "\(row["sessionId"] as Int64)/\(row["pulseNumber"] as Int)"
                    guard revealed.contains(key), let (i, j) = pulseIndex[key] else { continue }
                    if let comment: String = row["comment"] { sessions[i].pulses[j].comments.append(comment) }
                    if let text: String = row["text"] { sessions[i].pulses[j].comments.append(text) }
                }
            }
            let conflicts = try Row.fetchAll(db, sql: "SELECT * FROM conflict WHERE groupId = ? ORDER BY number", arguments: [groupId]).map { row in
                GroupHistory.ConflictEntry(number: row["number"], text: row["text"], raisedSession: row["raisedSessionId"], resolvedSession: row["resolvedSessionId"])
            }
            let commitments = try Row.fetchAll(db, sql: "SELECT * FROM commitment WHERE groupId = ? ORDER BY number", arguments: [groupId]).map { row in
                GroupHistory.CommitmentEntry(number: row["number"], owner: row["owner"], action: row["action"], due: Self.decode(row["due"]),
                                             madeSession: row["madeSessionId"], doneSession: row["doneSessionId"], doneAt: row["doneAt"])
            }
            return GroupHistory(group: group.name, threshold: group.threshold, sessions: sessions, conflicts: conflicts, commitments: commitments)
        }
    }
}
