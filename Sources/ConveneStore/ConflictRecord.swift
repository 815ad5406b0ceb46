import ConveneCore
import Foundation
import GRDB

/// A conflict as the core derived it, saved with the sessions it was raised and resolved in.
struct ConflictRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "conflict"

    enum Columns {
        static let groupId = Column(CodingKeys.groupId)
        static let number = Column(CodingKeys.number)
    }

    var groupId: Int64
    var number: Int
    var text: String
    var raisedSessionId: Int64
    var raisedAt: Date
    var resolvedSessionId: Int64?
    var resolvedAt: Date?
    var resolution: String?

    init(_ conflict: Conflict, groupId: Int64, raisedSessionId: Int64, resolvedSessionId: Int64?) {
        self.groupId = groupId
        number = conflict.number
        text = conflict.text
        self.raisedSessionId = raisedSessionId
        raisedAt = conflict.raisedAt
        self.resolvedSessionId = resolvedSessionId
        resolvedAt = conflict.resolvedAt
        resolution = conflict.resolution
    }

    func conflict(sessionsOpen: Int) -> Conflict {
        Conflict(number: number, text: text, raisedAt: raisedAt, sessionsOpen: sessionsOpen, resolvedAt: resolvedAt, resolution: resolution)
    }
}
