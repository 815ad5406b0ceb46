import ConveneCore
import Foundation
import GRDB

/// One of the group's working agreements, as the core derived it.
struct AgreementRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "agreement"

    enum Columns {
        static let groupId = Column(CodingKeys.groupId)
        static let number = Column(CodingKeys.number)
    }

    var groupId: Int64
    var number: Int
    var text: String
    var madeAt: Date
    var retiredAt: Date?
    /// The sessions that made and retired it: discarding a session takes back what it did.
    var madeSessionId: Int64?
    var retiredSessionId: Int64?

    init(_ agreement: Agreement, groupId: Int64, madeSessionId: Int64?, retiredSessionId: Int64?) {
        self.groupId = groupId
        self.madeSessionId = madeSessionId
        self.retiredSessionId = retiredSessionId
        number = agreement.number
        text = agreement.text
        madeAt = agreement.madeAt
        retiredAt = agreement.retiredAt
    }

    var agreement: Agreement { Agreement(number: number, text: text, madeAt: madeAt, retiredAt: retiredAt) }
}
