import Foundation

/// One facilitation step as it is stored: the session is rebuilt by replaying these in order.
/// Events never carry a pulse answer: answers are stored apart, without time or order.
public struct SessionEvent: Codable, Sendable, Equatable {
    public enum Move: String, Codable, Sendable {
        case start, next, back, goto, skip
    }

    public enum TimerChange: Codable, Sendable, Equatable {
        case set(seconds: Int)
        case add(seconds: Int)
        case pause
        case resume
    }

    public enum Change: Codable, Sendable, Equatable {
        case started(group: String, plan: String, title: String, agenda: [AgendaItem])
        case moved(to: Int, how: Move)
        case noted(item: Int, text: String)
        case added(item: AgendaItem, index: Int)
        case dropped(item: Int)
        case timer(TimerChange)
        case conflictRaised(number: Int, text: String)
        case conflictResolved(number: Int, note: String?)
        case committed(number: Int, owner: String, action: String, due: Due)
        case commitmentDone(number: Int)
        case agreed(number: Int, text: String)
        case agreementRetired(number: Int)
        case spoke(label: String)
        /// `/relabel OLD NEW`: this session's turns and commitments of OLD become NEW's.
        case relabeled(from: String, to: String)
        /// `/undo`: the last slip taken back (it stays in the log, marked undone).
        case undone(Undoable)
        /// `/edit N TEXT` and `/delete N` on this session's notes, numbered as `/notes` shows them.
        case noteEdited(number: Int, text: String)
        case noteDeleted(number: Int)
        case present(count: Int)
        /// A headcount by seat category (`/present resident=4 ...`), or from the seats named by `/here`.
        case presentBy(categories: [CategoryCount], here: [String]? = nil)
        case seated(Seat)
        case unseated(label: String)
        /// `threshold` is the k promised when the pulse opened: it is kept with the pulse and used
        /// as a floor, so lowering the group's threshold later reveals nothing asked under a higher one.
        /// (Absent in events written before it was recorded.)
        case pulseOpened(number: Int, question: PulseQuestion, threshold: Int? = nil)
        case pulseClosed(number: Int)
        /// `/propose TEXT`: what the room is deciding, numbered among the group's decisions.
        case proposed(number: Int, text: String, method: DecisionMethod, item: Int?)
        /// `/stance LABEL LEVEL`, for a group that decides on the record.
        case stanceTaken(label: String, value: Int)
        /// `/decided TEXT` or `/deferred TEXT`: the record, as the facilitator saw it.
        case decided(Decision)
        case resumed
        case ended
    }

    public var at: Date
    public var change: Change

    public init(at: Date, _ change: Change) {
        self.at = at
        self.change = change
    }

    /// A short name for the store's `kind` column, for queries that do not decode the payload.
    public var kind: String {
        switch change {
        case .started: "started"
        case .moved: "moved"
        case .noted: "noted"
        case .added: "added"
        case .dropped: "dropped"
        case .timer: "timer"
        case .conflictRaised: "conflict-raised"
        case .conflictResolved: "conflict-resolved"
        case .committed: "committed"
        case .commitmentDone: "commitment-done"
        case .agreed: "agreed"
        case .agreementRetired: "agreement-retired"
        case .spoke: "spoke"
        case .relabeled: "relabeled"
        case .undone: "undone"
        case .noteEdited: "note-edited"
        case .noteDeleted: "note-deleted"
        case .present: "present"
        case .presentBy: "present-by"
        case .seated: "seated"
        case .unseated: "unseated"
        case .pulseOpened: "pulse-opened"
        case .pulseClosed: "pulse-closed"
        case .proposed: "proposed"
        case .stanceTaken: "stance-taken"
        case .decided: "decided"
        case .resumed: "resumed"
        case .ended: "ended"
        }
    }
}
