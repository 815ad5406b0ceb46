import Foundation

/// The countdown for the current activity. It restarts at the activity's planned minutes on every
/// move, and /timer changes it; `generation` tells the shell a new countdown began (one bell each).
public struct SessionTimer: Sendable, Equatable {
    public var seconds: Double
    public var startedAt: Date?
    public var elapsedBefore: Double
    public var generation: Int

    public init(seconds: Double, startedAt: Date?, generation: Int) {
        self.seconds = seconds
        self.startedAt = startedAt
        elapsedBefore = 0
        self.generation = generation
    }

    public var isRunning: Bool { startedAt != nil }

    public func elapsed(at now: Date) -> Double {
        elapsedBefore + (startedAt.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }

    public func remaining(at now: Date) -> Double { seconds - elapsed(at: now) }

    /// "04:12", "+01:05" once over, with "paused" when stopped.
    public func label(at now: Date) -> String {
        let remaining = Int(self.remaining(at: now).rounded(.up))
        let value = abs(remaining)
        let text = String(format: "%@%02d:%02d", remaining < 0 ? "+" : "", value / 60, value % 60)
        return isRunning ? text : text + " paused"
    }

    mutating func apply(_ change: SessionEvent.TimerChange, at now: Date) {
        switch change {
        case .set(let seconds):
            self = SessionTimer(seconds: Double(seconds), startedAt: now, generation: generation + 1)
        case .add(let seconds):
            self.seconds += Double(seconds)
            if remaining(at: now) > 0 { generation += 1 }
        case .pause:
            guard let startedAt else { return }
            elapsedBefore += max(0, now.timeIntervalSince(startedAt))
            self.startedAt = nil
        case .resume:
            if startedAt == nil { startedAt = now }
        }
    }
}
