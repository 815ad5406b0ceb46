import ConveneCore
import GRDB

/// A seat on a group's roster, keyed by its label as `Seat.key` compares labels.
struct SeatRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "seat"

    enum Columns {
        static let groupId = Column(CodingKeys.groupId)
        static let label = Column(CodingKeys.label)
    }

    var groupId: Int64
    var labelKey: String
    var label: String
    var category: String
    var organization: String?

    init(_ seat: Seat, groupId: Int64) {
        self.groupId = groupId
        labelKey = Seat.key(seat.label)
        label = seat.label
        category = seat.category
        organization = seat.organization
    }

    var seat: Seat { Seat(label: label, category: category, organization: organization) }
}
