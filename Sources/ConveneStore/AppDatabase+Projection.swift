import ConveneCore
import Foundation
import GRDB

/// The store saves what the core derived. `SessionState.apply` is the only interpreter of events:
/// after each step the group's memory (conflicts, commitments, agreements, airtime, headcount) is
/// saved from the core's state, as GRDB records, in the same transaction as the events. Only what the
/// core cannot know is worked out here: which stored session a record belongs to, and the pulses'
/// aggregates, which come from answers stored apart from the events.
extension AppDatabase {
    /// Saves the records that `events` touched, as `state` (the core's, after them) has them.
    static func save(_ state: SessionState, after events: [SessionEvent], session: Int64, db: Database) throws {
        guard let groupId = try Int64.fetchOne(db, sql: "SELECT groupId FROM session WHERE id = ?", arguments: [session]) else {
            throw StoreError(.notFound, "session \(session) is not in the store")
        }
        var conflicts = Set<Int>()
        var commitments = Set<Int>()
        var agreements = Set<Int>()
        var decisions = Set<Int>()
        var notes = Set<Int>()
        var spoke = false
        var counted = false
        var ended = false
        var agenda = false
        var seats = false
        for event in events {
            switch event.change {
            case .noted: notes.insert(state.notesTaken)
            case .noteEdited(let number, _), .noteDeleted(let number): notes.insert(number)
            case .started, .added, .dropped, .moved: agenda = true
            case .seated(let seat):
                try SeatRecord(seat, groupId: groupId).save(db)
                seats = true
            case .unseated(let label):
                try SeatRecord.deleteOne(db, key: ["groupId": groupId, "labelKey": Seat.key(label)])
                seats = true
            case .presentBy: counted = true
            case .conflictRaised(let number, _), .conflictResolved(let number, _): conflicts.insert(number)
            case .committed(let number, _, _, _), .commitmentDone(let number): commitments.insert(number)
            case .agreed(let number, _), .agreementRetired(let number): agreements.insert(number)
            case .spoke: spoke = true
            case .relabeled:
                spoke = true
                commitments.formUnion(state.commitmentsMade)
            case .decided(let decision): decisions.insert(decision.number)
            case .undone(let slip):
                // The core has taken it back; the records it touched are saved (or deleted) as the core now has them.
                switch slip {
                case .turn: spoke = true
                case .conflict(let number), .resolution(let number): conflicts.insert(number)
                case .commitment(let number), .done(let number): commitments.insert(number)
                case .agreement(let number), .retirement(let number): agreements.insert(number)
                case .note(let number): notes.insert(number)
                case .decision(let number): decisions.insert(number)
                case .added, .dropped: agenda = true
                case .stance: break
                case .relabel(_, _, _, _, _, let numbers):
                    spoke = true
                    commitments.formUnion(numbers)
                }
            case .present: counted = true
            case .ended: ended = true
            default: break
            }
        }
        for conflict in state.context.conflicts where conflicts.contains(conflict.number) {
            let stored = try ConflictRecord.fetchOne(db, key: ["groupId": groupId, "number": conflict.number])
            try ConflictRecord(
                conflict, groupId: groupId, raisedSessionId: stored?.raisedSessionId ?? session,
                resolvedSessionId: conflict.resolvedAt == nil ? nil : stored?.resolvedSessionId ?? session
            ).save(db)
        }
        for commitment in state.context.commitments where commitments.contains(commitment.number) {
            let stored = try CommitmentRecord.fetchOne(db, key: ["groupId": groupId, "number": commitment.number])
            try CommitmentRecord(
                commitment, groupId: groupId, madeSessionId: stored?.madeSessionId ?? session,
                doneSessionId: commitment.doneAt == nil ? nil : stored?.doneSessionId ?? session
            ).save(db)
        }
        for agreement in state.context.agreements where agreements.contains(agreement.number) {
            let stored = try AgreementRecord.fetchOne(db, key: ["groupId": groupId, "number": agreement.number])
            try AgreementRecord(
                agreement, groupId: groupId, madeSessionId: stored?.madeSessionId ?? session,
                retiredSessionId: agreement.retiredAt == nil ? nil : stored?.retiredSessionId ?? session
            ).save(db)
        }
        for decision in state.context.decisions where decisions.contains(decision.number) {
            let stored = try DecisionRecord.fetchOne(db, key: ["groupId": groupId, "number": decision.number])
            try DecisionRecord(decision, groupId: groupId, sessionId: stored?.sessionId ?? session).save(db)
        }
        for number in decisions where !state.context.decisions.contains(where: { $0.number == number }) {
            try DecisionRecord.deleteOne(db, key: ["groupId": groupId, "number": number])
        }
        for number in notes {
            if let note = state.note(number: number) {
                try NoteRecord(note, sessionId: session).save(db)
            } else {
                try NoteRecord.deleteOne(db, key: ["sessionId": session, "number": number])
            }
        }
        if agenda {
            try AgendaItemRecord.filter(AgendaItemRecord.Columns.sessionId == session).deleteAll(db)
            for item in AgendaItemRecord.all(state, sessionId: session) { try item.insert(db) }
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
                try db.execute(
                    sql: "INSERT INTO session_category (sessionId, category, count) VALUES (?, ?, ?)",
                    arguments: [session, count.category, count.count])
            }
        }
        // The session keeps the roster as it is while it runs: what its turns, headcount and
        // commitments count under, whatever the roster says later.
        let kept = try Bool.fetchOne(db, sql: "SELECT rosterVersionId IS NOT NULL FROM session WHERE id = ?", arguments: [session]) ?? false
        if seats || spoke || counted || !commitments.isEmpty || !decisions.isEmpty || !kept {
            try Self.keepSeats(session: session, groupId: groupId, db: db)
        }
        if ended {
            try db.execute(sql: "UPDATE session SET status = 'ended', endedAt = ? WHERE id = ?", arguments: [state.endedAt, session])
            // The web key goes with the session, and the ballots it made mean nothing without it.
            try db.execute(sql: "DELETE FROM session_secret WHERE sessionId = ?", arguments: [session])
            try db.execute(sql: "DELETE FROM ballot WHERE sessionId = ?", arguments: [session])
        }
    }

    /// The pulses' rows. A close carries out the core's seal: the count and headcount it is judged
    /// against for good, and either the answers deleted (zeroed by secure_delete, so a later copy of
    /// the file holds nothing of them) or the values, the allowed segments and the answers rewritten
    /// in key order (an answer's segment never reaches the file).
    static func project(_ event: SessionEvent, session: Int64, seals: [PulseSeal], db: Database) throws {
        let at = event.at
        switch event.change {
        case .pulseOpened(let number, let question, let threshold):
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO pulse (sessionId, number, question, libraryId, answer, scaleMin, scaleMax, measures, reverse, openedAt, threshold, segments, stance)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT g.threshold FROM session s JOIN "group" g ON g.id = s.groupId WHERE s.id = ?)), ?, ?)
                    """,
                arguments: [
                    session, number, question.text, question.libraryID, question.answer.rawValue, question.scale?.min, question.scale?.max,
                    question.measures?.rawValue, question.reverse, at, threshold, session,
                    try question.segments.map { String(decoding: try encoder.encode($0), as: UTF8.self) },
                    try question.stance.map { String(decoding: try encoder.encode($0), as: UTF8.self) },
                ])
        case .pulseClosed(let number):
            guard let seal = seals.first(where: { $0.pulse == number }) else {
                throw StoreError(.failed, "pulse \(number) of session \(session) was closed without its seal: nothing was stored")
            }
            try db.execute(
                sql: "UPDATE pulse SET closedAt = ?, present = ?, answers = ? WHERE sessionId = ? AND number = ?",
                arguments: [at, seal.present, seal.count, session, number])
            guard seal.keep else {
                try db.execute(sql: "DELETE FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, number])
                break
            }
            if let breakdown = seal.segments {
                let rows = breakdown.rows.map { ($0, false) } + (breakdown.other.map { [($0, true)] } ?? [])
                for (position, (row, pooled)) in rows.enumerated() {
                    for bar in row.distribution {
                        try db.execute(
                            sql:
                                "INSERT OR REPLACE INTO pulse_segment (sessionId, pulseNumber, position, segment, pooled, label, count) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            arguments: [session, number, position, row.segment, pooled, bar.label, bar.count])
                    }
                }
            }
            for (value, count) in seal.values.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO pulse_value (sessionId, pulseNumber, value, count) VALUES (?, ?, ?, ?)",
                    arguments: [session, number, value, count])
            }
            try rewriteAnswers(session: session, pulse: number, db: db)
        default:
            break
        }
    }

    /// The results by segment kept at close, per pulse number of one session.
    static func storedSegments(session: Int64, db: Database) throws -> [Int: SegmentBreakdown] {
        var questions: [Int: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT number, segments FROM pulse WHERE sessionId = ? AND segments IS NOT NULL", arguments: [session])
        {
            if let segments = segments(json: row["segments"]) {
                questions[row["number"]] = segments.question
            }
        }
        // Rows in position order; a position's bars in the order they were written (rowid).
        var rowsByPulse: [Int: [(position: Int, pooled: Bool, row: SegmentBreakdown.Row)]] = [:]
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT pulseNumber, position, segment, pooled, label, count FROM pulse_segment WHERE sessionId = ? ORDER BY pulseNumber, position, rowid",
            arguments: [session])
        {
            let number: Int = row["pulseNumber"]
            let position: Int = row["position"]
            let bar = PulseResult.Bar(label: row["label"], count: row["count"])
            var list = rowsByPulse[number] ?? []
            if list.last?.position != position {
                list.append((position, row["pooled"], SegmentBreakdown.Row(segment: row["segment"], count: 0, distribution: [])))
            }
            list[list.count - 1].row.distribution.append(bar)
            list[list.count - 1].row.count += bar.count
            rowsByPulse[number] = list
        }
        // A segmented pulse whose seal allowed no segment has no rows: its breakdown is empty, not absent.
        var result = questions.mapValues { SegmentBreakdown(question: $0, rows: []) }
        for (number, list) in rowsByPulse {
            result[number] = SegmentBreakdown(
                question: questions[number] ?? "", rows: list.filter { !$0.pooled }.map(\.row), other: list.first { $0.pooled }?.row)
        }
        return result
    }

    /// The answers of every pulse still open are written again in key order: at /quit, and at the
    /// first open after a crash, so that a pulse left open keeps no trace of the answering order.
    static func rewriteOpenAnswers(session: Int64?, db: Database) throws {
        let open = try Row.fetchAll(
            db, sql: "SELECT sessionId, number FROM pulse WHERE closedAt IS NULL" + (session == nil ? "" : " AND sessionId = ?"),
            arguments: session.map { [$0] } ?? [])
        for row in open { try rewriteAnswers(session: row["sessionId"], pulse: row["number"], db: db) }
    }

    /// Answers written again in key order, without their segment (stores written before v12
    /// kept it while a pulse was open).
    static func rewriteAnswers(session: Int64, pulse: Int, db: Database) throws {
        let rows = try Row.fetchAll(
            db, sql: "SELECT key, value, traffic, words, text, comment FROM response WHERE sessionId = ? AND pulseNumber = ? ORDER BY key",
            arguments: [session, pulse])
        try db.execute(sql: "DELETE FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, pulse])
        // The rows are copied as they are stored, byte for byte.
        let insert = try db.cachedStatement(sql: responseInsert)
        for row in rows {
            try insert.execute(arguments: [
                row["key"], session, pulse, row["value"], row["traffic"], row["words"], row["text"], row["comment"],
            ])
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

extension AppDatabase {
    /// Points the session at the group's roster as it is now: the latest version when nothing
    /// changed since, else a new version.
    static func keepSeats(session: Int64, groupId: Int64, db: Database) throws {
        func rows(_ sql: String, _ id: Int64) throws -> [[String]] {
            try Row.fetchAll(db, sql: sql, arguments: [id]).map { [$0[0], $0[1], $0[2]] }
        }
        let now = try rows("SELECT labelKey, label, category FROM seat WHERE groupId = ? ORDER BY labelKey", groupId)
        var version = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM roster_version WHERE groupId = ?", arguments: [groupId])
        if let latest = version, try rows("SELECT labelKey, label, category FROM roster_seat WHERE versionId = ? ORDER BY labelKey", latest) != now {
            version = nil
        }
        if version == nil {
            try db.execute(sql: "INSERT INTO roster_version (groupId) VALUES (?)", arguments: [groupId])
            let id = db.lastInsertedRowID
            for seat in now {
                try db.execute(
                    sql: "INSERT INTO roster_seat (versionId, labelKey, label, category) VALUES (?, ?, ?, ?)",
                    arguments: [id, seat[0], seat[1], seat[2]])
            }
            version = id
        }
        try db.execute(sql: "UPDATE session SET rosterVersionId = ? WHERE id = ?", arguments: [version, session])
    }
}
