import Foundation
import GRDB

/// One collaborative table; trends and thresholds are per group.
public struct GroupRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "group"

    public var id: Int64?
    public var name: String
    /// The anonymity threshold k: no pulse result is shown below it.
    public var threshold: Int
    public var createdAt: Date

    public init(id: Int64? = nil, name: String, threshold: Int = 5, createdAt: Date) {
        self.id = id
        self.name = name
        self.threshold = threshold
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
