import ConveneCore
import Foundation
import GRDB

/// A commitment as the core derived it, saved with the sessions it was made and done in.
struct CommitmentRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "commitment"

    enum Columns {
        static let groupId = Column(CodingKeys.groupId)
        static let number = Column(CodingKeys.number)
    }

    var groupId: Int64
    var number: Int
    var owner: String
    var action: String
    /// "YYYY-MM-DD", "next-session" or "", as `Due` encodes itself.
    var due: String
    var madeSessionId: Int64
    var madeAt: Date
    var doneSessionId: Int64?
    var doneAt: Date?

    init(_ commitment: Commitment, groupId: Int64, madeSessionId: Int64, doneSessionId: Int64?) {
        self.groupId = groupId
        number = commitment.number
        owner = commitment.owner
        action = commitment.action
        due = AppDatabase.encode(commitment.due)
        self.madeSessionId = madeSessionId
        madeAt = commitment.madeAt
        self.doneSessionId = doneSessionId
        doneAt = commitment.doneAt
    }

    func commitment(sessionsOpen: Int) -> Commitment {
        Commitment(
            number: number, owner: owner, action: action, due: AppDatabase.decode(due), madeAt: madeAt, sessionsOpen: sessionsOpen, doneAt: doneAt)
    }
}
