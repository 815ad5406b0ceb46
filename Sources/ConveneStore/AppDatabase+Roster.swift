import ConveneCore
import Foundation
import GRDB

/// A group's roster and seat categories, for `convene roster` and `groups set --categories`. In a
/// session, /seat is an event like any other and reaches the same table through `save`.
extension AppDatabase {
    static func roster(groupId: Int64, db: Database) throws -> [Seat] {
        try SeatRecord.filter(SeatRecord.Columns.groupId == groupId).order(SeatRecord.Columns.label.collating(.nocase)).fetchAll(db).map(\.seat)
    }

    static func group(named name: String, db: Database) throws -> GroupRecord {
        guard let group = try GroupRecord.filter(Column("name").collating(.nocase) == name).fetchOne(db) else {
            throw StoreError(.notFound, "no group \"\(name)\" in the store (convene groups list shows them)")
        }
        return group
    }

    public func roster(group name: String) throws(StoreError) -> (group: GroupRecord, seats: [Seat]) {
        try read { db in
            let group = try Self.group(named: name, db: db)
            return (group, try Self.roster(groupId: group.id!, db: db))
        }
    }

    /// Adds a seat or changes its category; the category must be one of the group's.
    @discardableResult
    public func addSeat(_ seat: Seat, group name: String) throws(StoreError) -> Seat {
        try write { db in
            let group = try Self.group(named: name, db: db)
            guard group.categoryList.contains(seat.category) else {
                throw StoreError(
                    .failed,
                    "category \"\(seat.category)\" is not one of \(group.name)'s: \(group.categoryList.joined(separator: ", ")) (convene groups set NAME --categories edits them)"
                )
            }
            // A label seated before keeps its spelling.
            let before = try SeatRecord.fetchOne(db, key: ["groupId": group.id!, "labelKey": Seat.key(seat.label)])
            var seat = seat
            if let before {
                seat.label = before.label
                seat.organization = seat.organization ?? before.organization
            }
            try SeatRecord(seat, groupId: group.id!).save(db)
            return seat
        }
    }

    /// False when the group has no such seat.
    public func removeSeat(_ label: String, group name: String) throws(StoreError) -> Bool {
        try write { db in
            let group = try Self.group(named: name, db: db)
            return try SeatRecord.deleteOne(db, key: ["groupId": group.id!, "labelKey": Seat.key(label)])
        }
    }

    /// Replaces a group's categories; a category some seat still uses cannot be removed.
    public func setCategories(_ categories: [String], group name: String) throws(StoreError) -> GroupRecord {
        try write { db in
            var group = try Self.group(named: name, db: db)
            let used = Set(try Self.roster(groupId: group.id!, db: db).map(\.category))
            if let missing = used.subtracting(categories).sorted().first {
                throw StoreError(
                    .failed,
                    "category \"\(missing)\" is still used by seats on the roster: move them first (convene roster add LABEL CATEGORY --group ...)")
            }
            group.categories = categories == Seat.defaultCategories ? nil : categories.joined(separator: ",")
            try group.update(db)
            return group
        }
    }

    /// Renames a category everywhere at once (the group's list, its seats, and every session's
    /// headcount and seats): one event, recorded, and not a drop of the old name and a rise of the new.
    public func renameCategory(_ old: String, to new: String, group name: String, at date: Date = Date()) throws(StoreError) -> GroupRecord {
        try write { db in
            var group = try Self.group(named: name, db: db)
            var list = group.categoryList
            guard let index = list.firstIndex(of: old) else {
                throw StoreError(.failed, "\(group.name) has no category \"\(old)\": its categories are \(list.joined(separator: ", "))")
            }
            guard !list.contains(new) else {
                throw StoreError(
                    .failed, "\(group.name) already has a category \"\(new)\": move its seats with convene roster add LABEL CATEGORY instead")
            }
            list[index] = new
            group.categories = list == Seat.defaultCategories ? nil : list.joined(separator: ",")
            try group.update(db)
            let id = group.id!
            try db.execute(sql: "UPDATE seat SET category = ? WHERE groupId = ? AND category = ?", arguments: [new, id, old])
            try db.execute(
                sql: "UPDATE roster_seat SET category = ? WHERE category = ? AND versionId IN (SELECT id FROM roster_version WHERE groupId = ?)",
                arguments: [new, old, id])
            try db.execute(
                sql: "UPDATE session_category SET category = ? WHERE category = ? AND sessionId IN (SELECT id FROM session WHERE groupId = ?)",
                arguments: [new, old, id])
            try db.execute(
                sql: "INSERT INTO category_rename (groupId, fromName, toName, at) VALUES (?, ?, ?, ?)", arguments: [id, old, new, date])
            return group
        }
    }
}
