import GRDB

/// Speaking turns of one label in one session, as the core counted them (its spelling rule decides
/// which labels are one).
struct AirtimeRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "airtime"

    enum Columns {
        static let sessionId = Column(CodingKeys.sessionId)
    }

    var sessionId: Int64
    var label: String
    var turns: Int
}
