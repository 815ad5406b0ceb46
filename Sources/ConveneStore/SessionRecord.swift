import Foundation
import GRDB

/// One meeting of a group. Its content lives in its events; this row is for listing and finding.
public struct SessionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "session"

    public enum Status: String, Codable, Sendable, DatabaseValueConvertible {
        case open, ended
    }

    public var id: Int64?
    public var groupId: Int64
    public var plan: String
    public var title: String
    public var startedAt: Date
    public var endedAt: Date?
    public var status: Status

    public init(id: Int64? = nil, groupId: Int64, plan: String, title: String, startedAt: Date, endedAt: Date? = nil, status: Status = .open) {
        self.id = id
        self.groupId = groupId
        self.plan = plan
        self.title = title
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A session with its group's name, for lists.
public struct SessionListing: Sendable, Equatable {
    public var session: SessionRecord
    public var groupName: String
    public var notes: Int
    /// The session's number within its group (1 for the first), as people read it; the record's
    /// id is global across groups.
    public var number: Int
}
