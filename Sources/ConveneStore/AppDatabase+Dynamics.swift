import ConveneCore
import Foundation
import GRDB

/// A group's history for signals, trends, reports and exports. Values and comments are read only
/// for pulses that were closed with at least k answers.
extension AppDatabase {
    /// One integer per (session, pulse): cheaper than string keys over tens of thousands of pulses.
    static func pulseKey(_ session: Int64, _ pulse: Int) -> Int64 { session << 16 | Int64(pulse & 0xFFFF) }

    /// `details` adds what only an export shows: each session's notes, and the counts of revealed
    /// traffic-light and word pulses (read from their answers, so left out of trends and signals).
    public func history(groupId: Int64, details: Bool = false) throws(StoreError) -> GroupHistory {
        try read { db in
            guard let group = try GroupRecord.fetchOne(db, key: groupId) else {
                throw StoreError(.notFound, "group \(groupId) is not in the store")
            }
            var sessions: [GroupHistory.Session] = []
            let sessionRows = try Row.fetchCursor(
                db, sql: "SELECT id, startedAt, title, headcount, rosterVersionId FROM session WHERE groupId = ? ORDER BY startedAt, id",
                arguments: [groupId])
            var rosterVersions: [Int64?] = []
            while let row = try sessionRows.next() {
                sessions.append(GroupHistory.Session(id: row[0], date: row[1], title: row[2], headcount: row[3]))
                rosterVersions.append(row[4])
            }
            var index: [Int64: Int] = [:]
            for (i, session) in sessions.enumerated() { index[session.id] = i }

            let airtimeRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.sessionId, a.label, a.turns FROM airtime a JOIN session s ON s.id = a.sessionId
                    WHERE s.groupId = ? ORDER BY a.sessionId, a.turns DESC, a.label
                    """, arguments: [groupId])
            while let row = try airtimeRows.next() {
                if let i = index[row[0]] {
                    sessions[i].airtime.append(Airtime.Row(label: row[1], turns: row[2], share: 0))
                }
            }
            for i in sessions.indices {
                let total = sessions[i].airtime.reduce(0) { $0 + $1.turns }
                for j in sessions[i].airtime.indices where total > 0 {
                    sessions[i].airtime[j].share = Double(sessions[i].airtime[j].turns) / Double(total)
                }
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT raisedSessionId, COUNT(*) AS n FROM conflict WHERE groupId = ? GROUP BY raisedSessionId", arguments: [groupId])
            {
                if let i = index[row["raisedSessionId"]] { sessions[i].conflictsRaised = row["n"] }
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.sessionId, c.category, c.count FROM session_category c JOIN session s ON s.id = c.sessionId WHERE s.groupId = ? ORDER BY c.sessionId, c.rowid
                    """, arguments: [groupId])
            {
                if let i = index[row[0]] {
                    sessions[i].headcountByCategory = (sessions[i].headcountByCategory ?? []) + [CategoryCount(category: row[1], count: row[2])]
                }
            }
            // Each session's seats as they were then (sessions kept before v14 keep the roster of v14;
            // every session has its version from v14 on, so none is an empty roster at the time). A
            // version is read once and shared by the sessions that met under it.
            var versions: [Int64: [Seat]] = [:]
            let seatRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.versionId, r.label, r.category FROM roster_seat r JOIN roster_version v ON v.id = r.versionId WHERE v.groupId = ?
                    ORDER BY r.versionId, r.labelKey
                    """, arguments: [groupId])
            while let row = try seatRows.next() { versions[row[0], default: []].append(Seat(label: row[1], category: row[2])) }
            for i in sessions.indices { sessions[i].seats = rosterVersions[i].flatMap { versions[$0] } ?? [] }
            // Activities run: agenda items (planned or added) that the session moved to, for the
            // scorecard's two windows only.
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT sessionId, activityId FROM agenda_item
                    WHERE run AND sessionId IN (SELECT id FROM session WHERE groupId = ? ORDER BY startedAt DESC, id DESC LIMIT \(2 * Scorecard.window))
                    ORDER BY sessionId, position IS NULL, position, key
                    """, arguments: [groupId])
            {
                if let i = index[row[0]] { sessions[i].activities.append(row[1]) }
            }

            var pulseIndex: [Int64: (Int, Int)] = [:]
            var segmented: [Int64] = []
            // Positional columns: name lookups were a visible share of a 10,000-session history.
            let pulseRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT p.sessionId, p.number, p.question, p.libraryId, p.answer, p.measures, p.reverse, p.scaleMin, p.scaleMax,
                           p.closedAt IS NOT NULL, p.answers, p.threshold, p.present, p.segments
                    FROM pulse p JOIN session s ON s.id = p.sessionId WHERE s.groupId = ? AND p.stance IS NULL ORDER BY p.sessionId, p.number
                    """, arguments: [groupId])
            while let row = try pulseRows.next() {
                let sessionId: Int64 = row[0]
                guard let i = index[sessionId] else { continue }
                let number: Int = row[1]
                let key = Self.pulseKey(sessionId, number)
                let pulse = GroupHistory.Pulse(
                    number: number, question: row[2], libraryID: row[3], answer: PulseSpec.Answer(rawValue: row[4]) ?? .scale,
                    measures: (row[5] as String?).flatMap(PulseSpec.Measure.init(rawValue:)), reverse: row[6],
                    scaleMin: row[7], scaleMax: row[8], closed: row[9],
                    // Closed pulses carry their final count; an open one (rare here) is counted live.
                    count: try (row[10] as Int?) ?? Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [sessionId, number]) ?? 0,
                    threshold: row[11], present: row[12]
                )
                pulseIndex[key] = (i, sessions[i].pulses.count)
                sessions[i].pulses.append(pulse)
                if let segments = Self.segments(json: row[13]) {
                    sessions[i].pulses[sessions[i].pulses.count - 1].segmentation = segments
                    segmented.append(sessionId)
                }
            }
            // Values and comments only for pulses closed with at least k answers.
            let revealed = Set(
                pulseIndex.filter { key, position in
                    sessions[position.0].pulses[position.1].isRevealed(threshold: group.threshold, present: sessions[position.0].headcount)
                }.keys)
            if !revealed.isEmpty {
                // Values come as counts per value (exact, and far fewer rows than answers).
                let valueRows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT v.sessionId, v.pulseNumber, v.value, v.count AS n FROM pulse_value v JOIN session s ON s.id = v.sessionId
                        WHERE s.groupId = ?
                        """, arguments: [groupId])
                while let row = try valueRows.next() {
                    let key = Self.pulseKey(row[0], row[1])
                    guard revealed.contains(key), let (i, j) = pulseIndex[key] else { continue }
                    sessions[i].pulses[j].values.append(contentsOf: repeatElement(row[2] as Int, count: row[3]))
                }
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT r.sessionId, r.pulseNumber, r.comment, r.text FROM session s JOIN response r INDEXED BY response_with_comment ON r.sessionId = s.id
                        WHERE s.groupId = ? AND (r.comment IS NOT NULL OR r.text IS NOT NULL)
                        """, arguments: [groupId])
                {
                    let key = Self.pulseKey(row["sessionId"], row["pulseNumber"])
                    guard revealed.contains(key), let (i, j) = pulseIndex[key] else { continue }
                    if let comment: String = row["comment"] { sessions[i].pulses[j].comments.append(comment) }
                    if let text: String = row["text"] { sessions[i].pulses[j].comments.append(text) }
                }
            }
            // Results by segment, as kept at close (already filtered by the remainder rule).
            for sessionId in Set(segmented) {
                for (number, breakdown) in try Self.storedSegments(session: sessionId, db: db) {
                    let key = Self.pulseKey(sessionId, number)
                    guard revealed.contains(key), let (i, j) = pulseIndex[key] else { continue }
                    sessions[i].pulses[j].segments = breakdown
                }
            }
            if details {
                try Self.readDetails(into: &sessions, index: index, pulses: pulseIndex, revealed: revealed, groupId: groupId, db: db)
            }
            let decisions = try DecisionRecord.filter(DecisionRecord.Columns.groupId == groupId).order(DecisionRecord.Columns.number).fetchAll(db)
                .compactMap { record in record.decision.map { GroupHistory.DecisionEntry(decision: $0, session: record.sessionId) } }
            let conflicts = try Row.fetchAll(db, sql: "SELECT * FROM conflict WHERE groupId = ? ORDER BY number", arguments: [groupId]).map { row in
                GroupHistory.ConflictEntry(
                    number: row["number"], text: row["text"], raisedSession: row["raisedSessionId"], resolvedSession: row["resolvedSessionId"])
            }
            let commitments = try Row.fetchAll(db, sql: "SELECT * FROM commitment WHERE groupId = ? ORDER BY number", arguments: [groupId]).map {
                row in
                GroupHistory.CommitmentEntry(
                    number: row["number"], owner: row["owner"], action: row["action"], due: Self.decode(row["due"]),
                    madeSession: row["madeSessionId"], doneSession: row["doneSessionId"], doneAt: row["doneAt"])
            }
            var history = GroupHistory(
                group: group.name, threshold: group.threshold, sessions: sessions, conflicts: conflicts, commitments: commitments)
            history.agreements = try AgreementRecord.filter(AgreementRecord.Columns.groupId == groupId).order(AgreementRecord.Columns.number)
                .fetchAll(db).map {
                    GroupHistory.AgreementEntry(number: $0.number, text: $0.text, madeAt: $0.madeAt, retiredAt: $0.retiredAt)
                }
            history.roster = try Self.roster(groupId: groupId, db: db)
            history.categories = group.categoryList
            history.decisions = decisions
            return history
        }
    }
}

extension AppDatabase {
    /// Notes in the order taken, and the counts of revealed traffic-light and word pulses: only
    /// aggregates, never an answer by itself.
    static func readDetails(
        into sessions: inout [GroupHistory.Session], index: [Int64: Int], pulses: [Int64: (Int, Int)], revealed: Set<Int64>,
        groupId: Int64, db: Database
    ) throws {
        // Notes as the core has them: edited ones in their last wording, none deleted or taken back.
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT n.sessionId, n.text FROM note n JOIN session s ON s.id = n.sessionId
                WHERE s.groupId = ? ORDER BY n.sessionId, n.number
                """, arguments: [groupId])
        {
            if let i = index[row[0]] { sessions[i].notes.append(row[1]) }
        }
        for key in revealed {
            guard let (i, j) = pulses[key] else { continue }
            let pulse = sessions[i].pulses[j]
            guard pulse.answer == .traffic || pulse.answer == .words else { continue }
            let rows = try Row.fetchAll(
                db, sql: "SELECT traffic, words FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [sessions[i].id, pulse.number])
            sessions[i].pulses[j].counts =
                pulse.answer == .traffic
                ? PulseResult.trafficCounts(rows.map { ($0["traffic"] as String?).flatMap(PulseAnswer.Traffic.init(rawValue:)) })
                : PulseResult.wordCounts(rows.flatMap { (($0["words"] as String?) ?? "").split(separator: " ").map(String.init) })
        }
    }
}
