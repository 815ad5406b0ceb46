import ConveneCore
import Foundation
import GRDB

/// A note as the core has it now: edited notes in their last wording, and no row for a note
/// deleted or taken back. Saved from `SessionState` after every step that touches a note.
struct NoteRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "note"

    enum Columns {
        static let sessionId = Column(CodingKeys.sessionId)
        static let number = Column(CodingKeys.number)
    }

    var sessionId: Int64
    var number: Int
    /// The agenda item's key it was taken on.
    var item: Int
    var text: String
    var at: Date

    init(_ note: SessionState.Note, sessionId: Int64) {
        self.sessionId = sessionId
        number = note.number
        item = note.item
        text = note.text
        at = note.at
    }
}
