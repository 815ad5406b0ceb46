import Foundation

/// A large, deterministic history for benchmarks: `count` weekly sessions of one group, each with a
/// plan, notes, airtime, a headcount, and two scale pulses of about 25 answers.
public struct SyntheticHistory: Sendable {
    public var count: Int
    public var answersPerPulse: Int
    public var seed: UInt64
    public var agenda: [AgendaItem]

    public init(count: Int, answersPerPulse: Int = 25, seed: UInt64 = 1, agenda: [AgendaItem]) {
        self.count = count
        self.answersPerPulse = answersPerPulse
        self.seed = seed
        self.agenda = agenda.isEmpty ? [AgendaItem(key: 1, activityID: "one-word-arrival", title: "One-word arrival", plannedMinutes: 10)] : agenda
    }

    /// Sessions `range` of the history (generated lazily in slices, so memory stays flat).
    public func sessions(_ range: Range<Int>, group: String) -> [DemoStory.Session] {
        let trust = PulseQuestion(
            libraryID: "trust-at-this-table", text: "I trust the other organizations at this table.", answer: .scale,
            scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "fully"), measures: .trust)
        let worth = PulseQuestion(
            libraryID: "worth-your-time", text: "Was this meeting worth your time?", answer: .scale,
            scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "completely"), measures: .worth)
        let labels = ["County Health", "Eastside Tenants", "Literacy Now", "School District", "United Way", "Youth Council"]
        let start = Date(timeIntervalSince1970: 1_500_000_000)
        return range.map { index in
            var random = SeededGenerator(seed: seed &+ UInt64(index) &* 0x9E37)
            var at = start.addingTimeInterval(Double(index) * 7 * 86_400)
            func tick() -> Date {
                at = at.addingTimeInterval(60)
                return at
            }
            var events: [SessionEvent] = [
                SessionEvent(at: at, .started(group: group, plan: "monthly-steering", title: "Weekly meeting \(index + 1)", agenda: agenda)),
                SessionEvent(at: at, .moved(to: agenda[0].key, how: .start)),
                // At least as many present as answer, so the pulses are revealed (as a real room's are).
                SessionEvent(at: tick(), .present(count: Int.random(in: answersPerPulse...(answersPerPulse + 12), using: &random))),
                SessionEvent(at: tick(), .noted(item: agenda[0].key, text: "Note \(index) about the agenda")),
            ]
            for _ in 0..<10 { events.append(SessionEvent(at: tick(), .spoke(label: labels[Int.random(in: 0..<labels.count, using: &random)]))) }
            events.append(SessionEvent(at: tick(), .pulseOpened(number: 1, question: trust)))
            events.append(SessionEvent(at: tick(), .pulseClosed(number: 1)))
            events.append(SessionEvent(at: tick(), .pulseOpened(number: 2, question: worth)))
            events.append(SessionEvent(at: tick(), .pulseClosed(number: 2)))
            events.append(SessionEvent(at: tick(), .ended))
            // Each seed its own phase, so generated tables of a network do not move in step.
            let mean = 3.0 + sin((Double(index) + Double(seed % 64) * 7) / 20)
            func answers() -> [PulseAnswer] {
                (0..<answersPerPulse).map { _ in PulseAnswer(value: DemoStory.value(mean: mean, spread: 0.9, using: &random)) }
            }
            return DemoStory.Session(events: events, answers: [1: answers(), 2: answers()])
        }
    }
}
