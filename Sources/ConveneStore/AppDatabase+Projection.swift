import ConveneCore
import Foundation
import GRDB

/// Keeps the group's tables (conflicts, commitments, agreements, airtime, pulses) in step with the
/// event log, in the same transaction as the event, so that later sessions and reports need not
/// replay every event of every session.
extension AppDatabase {
    static func project(_ event: SessionEvent, session: Int64, db: Database) throws {
        func groupId() throws -> Int64 {
            guard let id = try Int64.fetchOne(db, sql: "SELECT groupId FROM session WHERE id = ?", arguments: [session]) else {
                throw StoreError(.notFound, "session \(session) is not in the store")
            }
            return id
        }
        let at = event.at
        switch event.change {
        case .ended:
            try db.execute(sql: "UPDATE session SET status = 'ended', endedAt = ? WHERE id = ?", arguments: [at, session])
            // The web key goes with the session, and the ballots it made mean nothing without it.
            try db.execute(sql: "DELETE FROM session_secret WHERE sessionId = ?", arguments: [session])
            try db.execute(sql: "DELETE FROM ballot WHERE sessionId = ?", arguments: [session])
            // Answers given in the session leave the write-ahead log for the main file.
            // (Checkpointing inside a transaction is not possible; LiveSession does it after /end.)
        case let .present(count):
            try db.execute(sql: "UPDATE session SET headcount = ? WHERE id = ?", arguments: [count, session])
        case let .conflictRaised(number, text):
            try db.execute(sql: "INSERT OR IGNORE INTO conflict (groupId, number, text, raisedSessionId, raisedAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [try groupId(), number, text, session, at])
        case let .conflictResolved(number, note):
            try db.execute(sql: "UPDATE conflict SET resolvedSessionId = ?, resolvedAt = ?, resolution = ? WHERE groupId = ? AND number = ?",
                           arguments: [session, at, note, try groupId(), number])
        case let .committed(number, owner, action, due):
            try db.execute(sql: "INSERT OR IGNORE INTO commitment (groupId, number, owner, action, due, madeSessionId, madeAt) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [try groupId(), number, owner, action, Self.encode(due), session, at])
        case let .commitmentDone(number):
            try db.execute(sql: "UPDATE commitment SET doneSessionId = ?, doneAt = ? WHERE groupId = ? AND number = ?",
                           arguments: [session, at, try groupId(), number])
        case let .agreed(number, text):
            try db.execute(sql: "INSERT OR IGNORE INTO agreement (groupId, number, text, madeAt) VALUES (?, ?, ?, ?)",
                           arguments: [try groupId(), number, text, at])
        case let .agreementRetired(number):
            try db.execute(sql: "UPDATE agreement SET retiredAt = ? WHERE groupId = ? AND number = ?", arguments: [at, try groupId(), number])
        case let .spoke(label):
            try db.execute(sql: "INSERT INTO airtime (sessionId, label, turns) VALUES (?, ?, 1) ON CONFLICT(sessionId, label) DO UPDATE SET turns = turns + 1",
                           arguments: [session, label])
        case let .pulseOpened(number, question, threshold):
            try db.execute(sql: """
                INSERT OR IGNORE INTO pulse (sessionId, number, question, libraryId, answer, scaleMin, scaleMax, measures, reverse, openedAt, threshold)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT g.threshold FROM session s JOIN "group" g ON g.id = s.groupId WHERE s.id = ?)))
                """, arguments: [session, number, question.text, question.libraryID, question.answer.rawValue, question.scale?.min, question.scale?.max,
                                 question.measures?.rawValue, question.reverse, at, threshold, session])
        case let .pulseClosed(number):
            guard try Bool.fetchOne(db, sql: "SELECT closedAt IS NULL FROM pulse WHERE sessionId = ? AND number = ?", arguments: [session, number]) == true else { break }
            try db.execute(sql: """
                UPDATE pulse SET closedAt = ?, answers = (SELECT COUNT(*) FROM response WHERE sessionId = ? AND pulseNumber = ?)
                WHERE sessionId = ? AND number = ?
                """, arguments: [at, session, number, session, number])
            try db.execute(sql: """
                INSERT OR REPLACE INTO pulse_value (sessionId, pulseNumber, value, count)
                SELECT sessionId, pulseNumber, value, COUNT(*) FROM response WHERE sessionId = ? AND pulseNumber = ? AND value IS NOT NULL GROUP BY value
                """, arguments: [session, number])
            try rewriteAnswers(session: session, pulse: number, db: db)
        default:
            break
        }
    }

    /// SQLite lays rows out inside a page in the order they were written, so the file itself would
    /// keep the order of answering (the order of a pass-the-keyboard round is the seating order).
    /// At close the pulse's answers are written again in the order of their random keys; with
    /// secure_delete the first copies are zeroed.
    /// The answers of every pulse still open are written again in key order: at /quit, and at the
    /// first open after a crash, so that a pulse left open keeps no trace of the answering order.
    static func rewriteOpenAnswers(session: Int64?, db: Database) throws {
        let open = try Row.fetchAll(db, sql: "SELECT sessionId, number FROM pulse WHERE closedAt IS NULL" + (session == nil ? "" : " AND sessionId = ?"),
                                    arguments: session.map { [$0] } ?? [])
        for row in open { try rewriteAnswers(session: row["sessionId"], pulse: row["number"], db: db) }
    }

    static func rewriteAnswers(session: Int64, pulse: Int, db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value, traffic, words, text, comment FROM response WHERE sessionId = ? AND pulseNumber = ? ORDER BY key",
                                    arguments: [session, pulse])
        try db.execute(sql: "DELETE FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, pulse])
        // The rows are copied as they are stored, byte for byte.
        let insert = try db.cachedStatement(sql: responseInsert)
        for row in rows {
            try insert.execute(arguments: [row["key"], session, pulse, row["value"], row["traffic"], row["words"], row["text"], row["comment"]])
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
