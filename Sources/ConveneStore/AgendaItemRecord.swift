import ConveneCore
import Foundation
import GRDB

/// An item that was on a session's agenda (planned, added, or dropped while running), and whether
/// the session moved to it: what the plan generator avoids and the scorecard counts as run.
struct AgendaItemRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "agenda_item"

    enum Columns {
        static let sessionId = Column(CodingKeys.sessionId)
    }

    var sessionId: Int64
    var key: Int
    var activityId: String
    /// Its place on the agenda now; nil once dropped.
    var position: Int?
    var run: Bool

    /// Every item of `state`'s agenda and the dropped ones, as the core has them.
    static func all(_ state: SessionState, sessionId: Int64) -> [AgendaItemRecord] {
        let visited = Set(state.visits.map(\.item))
        let current = state.agenda.enumerated().map { position, item in
            AgendaItemRecord(sessionId: sessionId, key: item.key, activityId: item.activityID, position: position, run: visited.contains(item.key))
        }
        let dropped = state.dropped.map { item in
            AgendaItemRecord(sessionId: sessionId, key: item.key, activityId: item.activityID, position: nil, run: visited.contains(item.key))
        }
        return current + dropped
    }
}
