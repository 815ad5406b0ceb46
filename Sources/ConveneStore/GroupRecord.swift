import ConveneCore
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
    /// What the pass round's screens are written in (the page follows each phone's browser).
    public var language: ParticipantLanguage
    /// The seat categories, comma-separated; nil for the defaults.
    public var categories: String?
    /// The group's decision rule as written ("gradients>=6 from 75%, no block"); nil for the defaults.
    public var decisionRule: String?
    /// The categories that must be present to decide ("resident=1,grassroots=1"); nil for none.
    public var quorum: String?
    /// Whether stances are taken openly by seat.
    public var decisionsOnRecord: Bool = false
    /// The group's stable id on a network (v15): the first publish binds a table to it.
    public var networkId: String? = GroupRecord.newNetworkID()

    public init(id: Int64? = nil, name: String, threshold: Int = 5, createdAt: Date, language: ParticipantLanguage = .en, categories: String? = nil) {
        self.categories = categories
        self.id = id
        self.name = name
        self.threshold = threshold
        self.createdAt = createdAt
        self.language = language
    }

    /// The group's seat categories.
    public var categoryList: [String] {
        categories.map { $0.split(separator: ",").map(String.init) }.flatMap { $0.isEmpty ? nil : $0 } ?? Seat.defaultCategories
    }

    /// 32 random hex digits, as v15 gives the groups it found.
    public static func newNetworkID() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
