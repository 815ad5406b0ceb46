import ConveneCore
import Foundation
import GRDB

/// Renaming and deleting groups, and discarding a session started by mistake.
extension AppDatabase {
    /// Renames a group. Its sessions, agreements, conflicts, commitments and seats stay with it:
    /// they are keyed by the group's id, not its name.
    @discardableResult
    public func renameGroup(_ name: String, to newName: String) throws(StoreError) -> GroupRecord {
        let trimmed = newName.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw StoreError(.refused, "a group needs a name") }
        return try write { db in
            guard var group = try GroupRecord.filter(Column("name").collating(.nocase) == name).fetchOne(db) else {
                throw StoreError(.notFound, "no group \"\(name)\" in the store: convene groups list shows them")
            }
            if let other = try GroupRecord.filter(Column("name").collating(.nocase) == trimmed).fetchOne(db), other.id != group.id {
                throw StoreError(.refused, "a group named \"\(other.name)\" already exists: choose another name")
            }
            group.name = trimmed
            try group.update(db)
            return group
        }
    }

    /// Deletes a group and everything it holds (sessions, answers, agreements, conflicts,
    /// commitments, seats), through the schema's cascades. Returns how many sessions went with it.
    @discardableResult
    public func deleteGroup(_ name: String) throws(StoreError) -> Int {
        try write { db in
            guard let group = try GroupRecord.filter(Column("name").collating(.nocase) == name).fetchOne(db), let id = group.id else {
                throw StoreError(.notFound, "no group \"\(name)\" in the store: convene groups list shows them")
            }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE groupId = ? AND status = 'open'", arguments: [id]) ?? 0 > 0 {
                throw StoreError(
                    .refused, "group \"\(group.name)\" has an open session: end it (/end) or discard it (convene sessions discard ID) first")
            }
            let sessions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE groupId = ?", arguments: [id]) ?? 0
            _ = try group.delete(db)
            return sessions
        }
    }

    /// Discards an open session as if it had never started: its events, pulses and answers go,
    /// and so do the conflicts, commitments and agreements it added; what it resolved, marked done
    /// or retired is open again. An ended session is part of the group's history and stays.
    public func discardSession(_ id: Int64) throws(StoreError) {
        try write { db in
            guard let session = try SessionRecord.fetchOne(db, key: id) else {
                throw StoreError(.notFound, "no session \(id) in the store: convene sessions list shows them")
            }
            guard session.status == .open else {
                throw StoreError(.refused, "session \(id) has ended and stays in the group's history: only a session still open can be discarded")
            }
            let group = session.groupId
            try db.execute(sql: "DELETE FROM conflict WHERE groupId = ? AND raisedSessionId = ?", arguments: [group, id])
            try db.execute(
                sql: "UPDATE conflict SET resolvedSessionId = NULL, resolvedAt = NULL, resolution = NULL WHERE groupId = ? AND resolvedSessionId = ?",
                arguments: [group, id])
            try db.execute(sql: "DELETE FROM commitment WHERE groupId = ? AND madeSessionId = ?", arguments: [group, id])
            try db.execute(
                sql: "UPDATE commitment SET doneSessionId = NULL, doneAt = NULL WHERE groupId = ? AND doneSessionId = ?", arguments: [group, id])
            try db.execute(sql: "DELETE FROM agreement WHERE groupId = ? AND madeSessionId = ?", arguments: [group, id])
            try db.execute(
                sql: "UPDATE agreement SET retiredAt = NULL, retiredSessionId = NULL WHERE groupId = ? AND retiredSessionId = ?",
                arguments: [group, id])
            // Events, pulses, answers, airtime and the web key go with the session (ON DELETE CASCADE).
            _ = try session.delete(db)
        }
    }

}
