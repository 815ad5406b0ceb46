import ConveneCore
import Foundation
import GRDB

/// The store saves what the core derived. `SessionState.apply` is the only interpreter of events:
/// after each step the group's memory (conflicts, commitments, agreements, airtime, headcount) is
/// saved from the core's state, as GRDB records, in the same transaction as the events. Only what the
/// core cannot know is worked out here: which stored session a record belongs to, and the pulses'
/// aggregates, which come from answers stored apart from the events.
extension AppDatabase {
    /// The core's state of a session after `events`, for writers that do not hold one: the session's
    /// stored events and these, replayed on its group's context.
    static func replayed(_ session: Int64, adding events: [SessionEvent], db: Database) throws -> SessionState {
        var state = SessionState(context: try context(session: session, db: db))
        let decoder = JSONDecoder()
        for payload in try String.fetchAll(db, sql: "SELECT payload FROM event WHERE sessionId = ? ORDER BY seq", arguments: [session]) {
            state.apply(try decoder.decode(SessionEvent.self, from: Data(payload.utf8)))
        }
        for event in events { state.apply(event) }
        return state
    }

    /// Saves the records that `events` touched, as `state` (the core's, after them) has them.
    static func save(_ state: SessionState, after events: [SessionEvent], session: Int64, db: Database) throws {
        guard let groupId = try Int64.fetchOne(db, sql: "SELECT groupId FROM session WHERE id = ?", arguments: [session]) else {
            throw StoreError(.notFound, "session \(session) is not in the store")
        }
        var conflicts = Set<Int>(), commitments = Set<Int>(), agreements = Set<Int>()
        var spoke = false, counted = false, ended = false
        for event in events {
            switch event.change {
            case .seated(let seat): try SeatRecord(seat, groupId: groupId).save(db)
            case .unseated(let label): try SeatRecord.deleteOne(db, key: ["groupId": groupId, "labelKey": Seat.key(label)])
            case .presentBy: counted = true
            case .conflictRaised(let number, _), .conflictResolved(let number, _): conflicts.insert(number)
            case .committed(let number, _, _, _), .commitmentDone(let number): commitments.insert(number)
            case .agreed(let number, _), .agreementRetired(let number): agreements.insert(number)
            case .spoke: spoke = true
            case .undone(let slip):
                // The core has taken it back; the records it touched are saved (or deleted) as the core now has them.
                switch slip {
                case .turn: spoke = true
                case .conflict(let number), .resolution(let number): conflicts.insert(number)
                case .commitment(let number), .done(let number): commitments.insert(number)
                case .agreement(let number), .retirement(let number): agreements.insert(number)
                case .note: break
                }
            case .present: counted = true
            case .ended: ended = true
            default: break
            }
        }
        for conflict in state.context.conflicts where conflicts.contains(conflict.number) {
            let stored = try ConflictRecord.fetchOne(db, key: ["groupId": groupId, "number": conflict.number])
            try ConflictRecord(conflict, groupId: groupId, raisedSessionId: stored?.raisedSessionId ?? session,
                               resolvedSessionId: conflict.resolvedAt == nil ? nil : stored?.resolvedSessionId ?? session).save(db)
        }
        for commitment in state.context.commitments where commitments.contains(commitment.number) {
            let stored = try CommitmentRecord.fetchOne(db, key: ["groupId": groupId, "number": commitment.number])
            try CommitmentRecord(commitment, groupId: groupId, madeSessionId: stored?.madeSessionId ?? session,
                                 doneSessionId: commitment.doneAt == nil ? nil : stored?.doneSessionId ?? session).save(db)
        }
        for agreement in state.context.agreements where agreements.contains(agreement.number) {
            try AgreementRecord(agreement, groupId: groupId).save(db)
        }
        // A conflict, commitment or agreement made here and undone is no longer the group's.
        for number in conflicts where !state.context.conflicts.contains(where: { $0.number == number }) {
            try ConflictRecord.deleteOne(db, key: ["groupId": groupId, "number": number])
        }
        for number in commitments where !state.context.commitments.contains(where: { $0.number == number }) {
            try CommitmentRecord.deleteOne(db, key: ["groupId": groupId, "number": number])
        }
        for number in agreements where !state.context.agreements.contains(where: { $0.number == number }) {
            try AgreementRecord.deleteOne(db, key: ["groupId": groupId, "number": number])
        }
        if spoke {
            try AirtimeRecord.filter(AirtimeRecord.Columns.sessionId == session).deleteAll(db)
            for row in state.airtime { try AirtimeRecord(sessionId: session, label: row.label, turns: row.turns).insert(db) }
        }
        if counted {
            try db.execute(sql: "UPDATE session SET headcount = ? WHERE id = ?", arguments: [state.headcount, session])
            try db.execute(sql: "DELETE FROM session_category WHERE sessionId = ?", arguments: [session])
            for count in state.headcountByCategory ?? [] {
                try db.execute(sql: "INSERT INTO session_category (sessionId, category, count) VALUES (?, ?, ?)", arguments: [session, count.category, count.count])
            }
        }
        if ended {
            try db.execute(sql: "UPDATE session SET status = 'ended', endedAt = ? WHERE id = ?", arguments: [state.endedAt, session])
            // The web key goes with the session, and the ballots it made mean nothing without it.
            try db.execute(sql: "DELETE FROM session_secret WHERE sessionId = ?", arguments: [session])
            try db.execute(sql: "DELETE FROM ballot WHERE sessionId = ?", arguments: [session])
        }
    }

    /// The pulses' rows, which hold what only the store knows: the answers' count and values at close.
    static func project(_ event: SessionEvent, session: Int64, state: SessionState, db: Database) throws {
        let at = event.at
        switch event.change {
        case let .pulseOpened(number, question, threshold):
            try db.execute(sql: """
                INSERT OR IGNORE INTO pulse (sessionId, number, question, libraryId, answer, scaleMin, scaleMax, measures, reverse, openedAt, threshold, segments)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT g.threshold FROM session s JOIN "group" g ON g.id = s.groupId WHERE s.id = ?)), ?)
                """, arguments: [session, number, question.text, question.libraryID, question.answer.rawValue, question.scale?.min, question.scale?.max,
                                 question.measures?.rawValue, question.reverse, at, threshold, session,
                                 try question.segments.map { String(decoding: try encoder.encode($0), as: UTF8.self) }])
        case let .pulseClosed(number):
            guard try Bool.fetchOne(db, sql: "SELECT closedAt IS NULL FROM pulse WHERE sessionId = ? AND number = ?", arguments: [session, number]) == true else { break }
            // The headcount it closed with is the core's (SessionState records it at close).
            let present = state.pulses.first { $0.number == number }?.present
            try db.execute(sql: """
                UPDATE pulse SET closedAt = ?, present = ?, answers = (SELECT COUNT(*) FROM response WHERE sessionId = ? AND pulseNumber = ?)
                WHERE sessionId = ? AND number = ?
                """, arguments: [at, present, session, number, session, number])
            // A pulse that can never be shown (fewer answers than the k promised at open, or more
            // than the people present) keeps only its count: its answers are deleted, and zeroed by
            // secure_delete, so a later copy of the file holds nothing of them.
            let row = try Row.fetchOne(db, sql: "SELECT answers, threshold FROM pulse WHERE sessionId = ? AND number = ?", arguments: [session, number])
            let count: Int = row?["answers"] ?? 0
            let promised: Int = row?["threshold"] ?? GroupContext.defaultThreshold
            guard PulseResult.reveals(closed: true, count: count, threshold: promised, present: present) else {
                try db.execute(sql: "DELETE FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, number])
                break
            }
            if let question = state.pulses.first(where: { $0.number == number })?.question, question.segments != nil {
                try keepSegments(question: question, session: session, pulse: number, threshold: promised, db: db)
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO pulse_value (sessionId, pulseNumber, value, count)
                SELECT sessionId, pulseNumber, value, COUNT(*) FROM response WHERE sessionId = ? AND pulseNumber = ? AND value IS NOT NULL GROUP BY value
                """, arguments: [session, number])
            try rewriteAnswers(session: session, pulse: number, db: db)
        default:
            break
        }
    }

    /// At close: the results by segment that the remainder rule allows are kept, then every answer's
    /// segment is erased (the rows are rewritten in key order right after, and freed cells zeroed).
    static func keepSegments(question: PulseQuestion, session: Int64, pulse: Int, threshold: Int, db: Database) throws {
        let answers = try Row.fetchAll(db, sql: "SELECT value, traffic, segment FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, pulse]).map { row in
            PulseAnswer(value: row["value"], traffic: (row["traffic"] as String?).flatMap(PulseAnswer.Traffic.init(rawValue:)), segment: row["segment"])
        }
        if let breakdown = SegmentBreakdown(question: question, answers: answers, threshold: threshold) {
            let rows = breakdown.rows.map { ($0, false) } + (breakdown.other.map { [($0, true)] } ?? [])
            for (position, (row, pooled)) in rows.enumerated() {
                for bar in row.distribution {
                    try db.execute(sql: "INSERT OR REPLACE INTO pulse_segment (sessionId, pulseNumber, position, segment, pooled, label, count) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [session, pulse, position, row.segment, pooled, bar.label, bar.count])
                }
            }
        }
        try db.execute(sql: "UPDATE response SET segment = NULL WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, pulse])
    }

    /// The results by segment kept at close, per pulse number of one session.
    static func storedSegments(session: Int64, db: Database) throws -> [Int: SegmentBreakdown] {
        var questions: [Int: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT number, segments FROM pulse WHERE sessionId = ? AND segments IS NOT NULL", arguments: [session]) {
            if let json: String = row["segments"], let segments = try? JSONDecoder().decode(PulseSegments.self, from: Data(json.utf8)) { questions[row["number"]] = segments.question }
        }
        // Rows in position order; a position's bars in the order they were written (rowid).
        var rowsByPulse: [Int: [(position: Int, pooled: Bool, row: SegmentBreakdown.Row)]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT pulseNumber, position, segment, pooled, label, count FROM pulse_segment WHERE sessionId = ? ORDER BY pulseNumber, position, rowid", arguments: [session]) {
            let number: Int = row["pulseNumber"], position: Int = row["position"]
            let bar = PulseResult.Bar(label: row["label"], count: row["count"])
            var list = rowsByPulse[number] ?? []
            if list.last?.position != position {
                list.append((position, row["pooled"], SegmentBreakdown.Row(segment: row["segment"], count: 0, distribution: [])))
            }
            list[list.count - 1].row.distribution.append(bar)
            list[list.count - 1].row.count += bar.count
            rowsByPulse[number] = list
        }
        var result: [Int: SegmentBreakdown] = [:]
        for (number, list) in rowsByPulse {
            result[number] = SegmentBreakdown(question: questions[number] ?? "", rows: list.filter { !$0.pooled }.map(\.row), other: list.first { $0.pooled }?.row)
        }
        return result
    }

    /// The answers of every pulse still open are written again in key order: at /quit, and at the
    /// first open after a crash, so that a pulse left open keeps no trace of the answering order.
    static func rewriteOpenAnswers(session: Int64?, db: Database) throws {
        let open = try Row.fetchAll(db, sql: "SELECT sessionId, number FROM pulse WHERE closedAt IS NULL" + (session == nil ? "" : " AND sessionId = ?"),
                                    arguments: session.map { [$0] } ?? [])
        for row in open { try rewriteAnswers(session: row["sessionId"], pulse: row["number"], db: db) }
    }

    static func rewriteAnswers(session: Int64, pulse: Int, db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value, traffic, words, text, comment, segment FROM response WHERE sessionId = ? AND pulseNumber = ? ORDER BY key",
                                    arguments: [session, pulse])
        try db.execute(sql: "DELETE FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, pulse])
        // The rows are copied as they are stored, byte for byte.
        let insert = try db.cachedStatement(sql: responseInsert)
        for row in rows {
            try insert.execute(arguments: [row["key"], session, pulse, row["value"], row["traffic"], row["words"], row["text"], row["comment"], row["segment"]])
        }
    }

    static func encode(_ due: Due) -> String {
        switch due {
        case .day(let day): day
        case .nextSession: "next-session"
        case .none: ""
        }
    }

    static func decode(_ due: String) -> Due {
        switch due {
        case "": .none
        case "next-session": .nextSession
        default: .day(due)
        }
    }
}
