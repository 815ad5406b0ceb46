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

    init(_ agreement: Agreement, groupId: Int64) {
        self.groupId = groupId
        number = agreement.number
        text = agreement.text
        madeAt = agreement.madeAt
        retiredAt = agreement.retiredAt
    }

    var agreement: Agreement { Agreement(number: number, text: text, madeAt: madeAt, retiredAt: retiredAt) }
}
