import ConveneCore
import Foundation
import GRDB

/// A decision as the core recorded it, saved with the session it was taken in. The columns are
/// what the log is listed and filtered by; `record` is the core's whole `Decision`.
struct DecisionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "decision"

    enum Columns {
        static let groupId = Column(CodingKeys.groupId)
        static let number = Column(CodingKeys.number)
        static let sessionId = Column(CodingKeys.sessionId)
    }

    var groupId: Int64
    var number: Int
    var sessionId: Int64
    var status: String
    var method: String
    var proposal: String
    var outcome: String
    var review: String?
    var madeAt: Date
    var record: String

    init(_ decision: Decision, groupId: Int64, sessionId: Int64) throws {
        self.groupId = groupId
        number = decision.number
        self.sessionId = sessionId
        status = decision.status.rawValue
        method = decision.method.rawValue
        proposal = decision.proposal
        outcome = decision.outcome
        review = decision.review
        madeAt = decision.madeAt
        record = String(decoding: try AppDatabase.encoder.encode(decision), as: UTF8.self)
    }

    var decision: Decision? { try? JSONDecoder().decode(Decision.self, from: Data(record.utf8)) }
}
