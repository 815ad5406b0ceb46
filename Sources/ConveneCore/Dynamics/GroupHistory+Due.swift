import Foundation

/// When commitments fall due and are kept, by session position: one rule for trends and signals,
/// computed once per commitment instead of once per commitment per session.
extension GroupHistory {
    /// Each session's position, for lookups in loops (`index(of:)` scans the sessions).
    public var positions: [Int64: Int] {
        Dictionary(sessions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The first session position at which the commitment is due (nil: never in this history).
    /// `days` are the sessions' calendar days, in session order (sessions are ordered by date).
    public func dueFrom(_ commitment: CommitmentEntry, positions: [Int64: Int], days: [String]) -> Int? {
        switch commitment.due {
        case .day(let day):
            // The first session on or after the due day.
            var low = 0
            var high = days.count
            while low < high {
                let middle = (low + high) / 2
                if days[middle] >= day { high = middle } else { low = middle + 1 }
            }
            return low < days.count ? low : nil
        case .nextSession:
            guard let made = positions[commitment.madeSession], made + 1 < sessions.count else { return nil }
            return made + 1
        case .none:
            return nil
        }
    }

    /// The first session position at which the commitment counts as done on time (nil: never).
    public func onTimeFrom(_ commitment: CommitmentEntry, positions: [Int64: Int], days: [String], day: (Date) -> String) -> Int? {
        guard let due = dueFrom(commitment, positions: positions, days: days),
            let doneSession = commitment.doneSession, let done = positions[doneSession]
        else { return nil }
        switch commitment.due {
        case .day(let dueDay):
            guard (commitment.doneAt.map(day) ?? dueDay) <= dueDay else { return nil }
        case .nextSession:
            guard let made = positions[commitment.madeSession], done <= made + 1 else { return nil }
        case .none:
            return nil
        }
        return max(due, done)
    }
}
