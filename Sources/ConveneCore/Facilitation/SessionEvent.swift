import Foundation

/// One facilitation step as it is stored: the session is rebuilt by replaying these in order.
/// Events never carry anything about who answered a pulse.
public struct SessionEvent: Codable, Sendable, Equatable {
    public enum Move: String, Codable, Sendable {
        case start, next, back, goto, skip
    }

    public enum Change: Codable, Sendable, Equatable {
        case started(group: String, plan: String, title: String, agenda: [AgendaItem])
        case moved(to: Int, how: Move)
        case noted(item: Int, text: String)
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
        case .resumed: "resumed"
        case .ended: "ended"
        }
    }
}
