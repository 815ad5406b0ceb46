import Foundation

/// Everything known about a running or finished session, derived only from its events.
public struct SessionState: Sendable, Equatable {
    public struct Note: Sendable, Equatable {
        public var item: Int
        public var text: String
        public var at: Date
    }

    /// A stretch of time spent on one agenda item.
    public struct Visit: Sendable, Equatable {
        public var item: Int
        public var from: Date
        public var to: Date?
    }

    public var group = ""
    public var planName = ""
    public var title = ""
    public var agenda: [AgendaItem] = []
    public var currentKey: Int?
    public var notes: [Note] = []
    public var visits: [Visit] = []
    public var skipped: Set<Int> = []
    public var startedAt: Date?
    public var endedAt: Date?
    public var lastEventAt: Date?

    public init() {}

    public static func replay(_ events: [SessionEvent]) -> SessionState {
        var state = SessionState()
        for event in events { state.apply(event) }
        return state
    }

    public mutating func apply(_ event: SessionEvent) {
        defer { lastEventAt = event.at }
        switch event.change {
        case let .started(group, plan, title, agenda):
            self.group = group
            self.planName = plan
            self.title = title
            self.agenda = agenda
            startedAt = event.at
        case let .moved(key, how):
            closeVisit(at: event.at)
            if how == .skip, let current = currentKey { skipped.insert(current) }
            currentKey = key
            visits.append(Visit(item: key, from: event.at))
        case let .noted(item, text):
            notes.append(Note(item: item, text: text, at: event.at))
        case .resumed:
            // Time while the process was gone is not counted against the activity.
            if let open = visits.last, open.to == nil, let last = lastEventAt {
                closeVisit(at: last)
                visits.append(Visit(item: open.item, from: event.at))
            }
        case .ended:
            closeVisit(at: event.at)
            endedAt = event.at
        }
    }

    private mutating func closeVisit(at date: Date) {
        guard let last = visits.indices.last, visits[last].to == nil else { return }
        visits[last].to = max(date, visits[last].from)
    }

    public var isEnded: Bool { endedAt != nil }

    public var currentIndex: Int? { currentKey.flatMap { key in agenda.firstIndex { $0.key == key } } }

    public var currentItem: AgendaItem? { currentIndex.map { agenda[$0] } }

    public func item(key: Int) -> AgendaItem? { agenda.first { $0.key == key } }

    /// Seconds spent on an item so far, counting an open visit up to `now`.
    public func secondsSpent(on key: Int, now: Date? = nil) -> TimeInterval {
        visits.filter { $0.item == key }.reduce(0) { total, visit in
            total + max(0, (visit.to ?? now ?? visit.from).timeIntervalSince(visit.from))
        }
    }

    public func notes(for key: Int) -> [Note] { notes.filter { $0.item == key } }

    public var plannedMinutes: Int { agenda.reduce(0) { $0 + $1.plannedMinutes } }
}
