import Foundation
import Testing

@testable import ConveneCore

/// The generator's promises as properties, over seeds × durations × group sizes, on the shipped library.
@Suite struct PlanGeneratorTests {
    static let library = LibraryContentTests.shipped
    static let durations = [45, 60, 90, 120, 180, 240]
    static let sizes: [Int?] = [nil, 5, 14, 30]

    static func signal(_ id: SignalID) -> Signal {
        Signal(id: id, severity: .act, summary: "Test signal \(id.rawValue).", evidence: ["4 of 9 commitments done by 2026-03-01."])
    }

    struct Checked {
        var items: [(item: Plan.Item, activity: Activity)]
        var body: [Activity] { items.map(\.activity).filter { !$0.isPulse && $0.kind != .pause } }
    }

    /// Every rule a generated plan must keep; returns the failures as text, so one #expect reports them.
    static func problems(_ plan: Plan, minutes: Int, size: Int?, focus: [CollaborativeValue], signal: Signal?) -> [String] {
        var found: [String] = []
        let items = plan.agenda.compactMap { item in library[item.id].map { (item: item, activity: $0) } }
        guard items.count == plan.agenda.count else { return ["unknown ids in \(plan.agenda.map(\.id))"] }
        let body = items.map(\.activity).filter { !$0.isPulse && $0.kind != .pause }
        // Arc order: phases never go back; open first, close last, work in between.
        let phases = body.compactMap(\.phase)
        if phases != phases.sorted() { found.append("arc out of order: \(phases.map(\.rawValue))") }
        if phases.first != .open || phases.last != .close { found.append("arc does not open and close: \(phases.map(\.rawValue))") }
        if !phases.contains(.work) { found.append("no work") }
        if minutes >= 60 && (signal == nil || minutes >= 90) && !phases.contains(.decide) { found.append("nothing decided in \(minutes) min") }
        if items.first?.activity.kind != .checkin || items.last?.activity.kind != .checkout { found.append("not check-in to check-out") }
        // The break rule.
        let breaks = items.indices.filter { items[$0].activity.kind == .pause }
        if (minutes >= PlanGenerator.breakFrom) != (breaks.count == 1) { found.append("\(breaks.count) breaks in \(minutes) min") }
        if let index = breaks.first, index == 0 || index == items.count - 1 { found.append("break at the edge") }
        // Every item carries its minutes; the total is within ±10%.
        if plan.agenda.contains(where: { $0.minutes == nil }) { found.append("an item without minutes") }
        let total = plan.agenda.reduce(0) { $0 + library.minutes(of: $1, size: size) }
        if Double(total) < Double(minutes) * 0.9 || Double(total) > Double(minutes) * 1.1 { found.append("\(total) min for \(minutes)") }
        // Stretch bounded: minutes above typical (for this size) at most 10% of the total.
        let stretched = items.filter { !$0.activity.isPulse }.reduce(0) { sum, pair in
            sum + max(0, (pair.item.minutes ?? 0) - pair.activity.minutes(for: size).typical)
        }
        if Double(stretched) > PlanGenerator.stretchShare * Double(total) { found.append("stretched \(stretched) of \(total)") }
        for (item, activity) in items where !activity.isPulse {
            let given = item.minutes ?? 0
            if let size, !activity.group.fits(size) { found.append("\(activity.id) does not fit \(size)") }
            if !activity.plannableRange.contains(given) { found.append("\(activity.id) given \(given) outside \(activity.plannableRange)") }
            // Per-person rounds fit the size: everyone gets their seconds, and the card its minimum.
            if let seconds = activity.perPerson, let size {
                if given < activity.minutes(for: size).min || given * 60 < seconds * size {
                    found.append("\(activity.id): \(given) min for \(size) people at \(seconds) s")
                }
            }
        }
        // Focus and intensity, as before.
        for value in focus where !body.contains(where: { $0.values.contains(value) }) { found.append("misses \(value)") }
        if let firstHigh = body.firstIndex(where: { $0.intensity == .high }), !body[..<firstHigh].contains(where: { $0.kind == .trust }) {
            found.append("high exposure before trust")
        }
        // The signal's activity, named with its reason in the notes.
        if let signal {
            let answering = body.filter { $0.addresses.contains(signal.id) }
            let named = answering.filter { plan.notes?.contains("(\($0.id))") == true }
            // Only a meeting too short to hold the signal's activity may leave it out, and says so.
            let excused = minutes < 60 && plan.notes?.contains("No activity for \(signal.id.rawValue) fits") == true
            if named.isEmpty && !excused { found.append("no activity for \(signal.id.rawValue) named in the notes: \(plan.notes ?? "")") }
            if plan.notes?.contains(signal.id.rawValue) != true { found.append("notes do not name \(signal.id.rawValue)") }
        }
        return found
    }

    @Test func generatedPlansMakeAMeetingOverSeedsDurationsAndSizes() throws {
        let generator = PlanGenerator(library: Self.library)
        let focusSets: [[CollaborativeValue]] = [[], [.inclusion], [.learning, .integrity], [.engagement, .collaboration, .inclusion]]
        var runs = 0
        var withSignal = 0
        for seed in UInt64(1)...500 {
            for minutes in Self.durations {
                for size in Self.sizes {
                    let focus = focusSets[Int(seed % 4)]
                    // Every other seed plans for a group with a signal, each signal in turn.
                    let signal = seed % 2 == 0 ? Self.signal(SignalID.allCases[Int(seed / 2) % SignalID.allCases.count]) : nil
                    let recent: Set<String> = seed % 5 == 0 ? ["one-word-arrival", "elephant-in-the-room", "talking-piece-round"] : []
                    let request = PlanGenerator.Request(
                        minutes: minutes, focus: focus, groupSize: size, seed: seed, recent: recent, signals: signal.map { [$0] } ?? [])
                    let plan: Plan
                    do {
                        plan = try generator.generate(request)
                    } catch {
                        Issue.record(
                            "seed \(seed), \(minutes) min, size \(size.map(String.init) ?? "-"), signal \(signal?.id.rawValue ?? "-"): \(error)")
                        continue
                    }
                    runs += 1
                    if signal != nil { withSignal += 1 }
                    let found = Self.problems(plan, minutes: minutes, size: size, focus: focus, signal: signal)
                    #expect(found.isEmpty, "seed \(seed), \(minutes) min, size \(size.map(String.init) ?? "-"): \(found)")
                    #expect(plan.agenda.allSatisfy { !recent.contains($0.id) }, "seed \(seed) repeats a recent activity")
                    if seed % 50 == 0 {
                        #expect(try generator.generate(request) == plan, "seed \(seed) is not deterministic")
                        let reparsed = PlanParser.parse(file: "generated.yaml", text: plan.yaml())
                        #expect(reparsed.problems.isEmpty)
                        #expect(
                            reparsed.plan?.agenda.map { [$0.id, "\($0.minutes ?? 0)", "\($0.isPulse)"] }
                                == plan.agenda.map { [$0.id, "\($0.minutes ?? 0)", "\($0.isPulse)"] })
                    }
                }
            }
        }
        #expect(runs == 500 * Self.durations.count * Self.sizes.count)
        #expect(withSignal * 2 == runs)
    }

    @Test func theStrongestSignalIsAnsweredAndAWeakerOneOnlyWhenNothingFits() throws {
        let generator = PlanGenerator(library: Self.library)
        let plan = try generator.generate(
            .init(minutes: 90, groupSize: 12, seed: 3, signals: [Self.signal(.followThrough), Self.signal(.splitRoom)]))
        #expect(plan.notes?.contains("follow-through") == true)
        #expect(plan.notes?.contains("split-room") == false)
        #expect(plan.agenda.contains { Self.library[$0.id]?.addresses.contains(.followThrough) == true })
    }

    @Test func theTitleIsTheRequestsAndTheYAMLCarriesEveryItemsMinutes() throws {
        let plan = try PlanGenerator(library: Self.library).generate(.init(minutes: 120, groupSize: 20, seed: 9, title: "March steering"))
        #expect(plan.title == "March steering")
        let agenda = plan.yaml().split(separator: "\n").filter { $0.hasPrefix("  - ") }
        #expect(!agenda.isEmpty && agenda.allSatisfy { $0.contains("minutes: ") }, "\(agenda)")
    }

    @Test func aRoundGrowsWithTheRoom() throws {
        let round = try #require(Self.library["small-wins-popcorn"])
        let seconds = try #require(round.perPerson)
        #expect(round.minutes(for: nil) == round.minutes)
        #expect(round.minutes(for: round.group.min) == round.minutes)
        // Ten seconds each for 60 people is ten minutes of wins, not three.
        #expect(round.minutes(for: 60).typical == round.minutes.typical + (seconds * (60 - round.group.min) + 59) / 60)
        #expect(round.minutes(for: 60).typical >= 10)
    }

    @Test func thePrepSheetCollectsMaterialsSetUpAndPrinting() throws {
        let plan = try #require(Self.library.plans["learning-review"])
        let sheet = PrepSheet(plan: plan, library: Self.library)
        #expect(sheet.entries.contains { $0.id == "data-walk" && $0.materials.contains { $0.contains("posters") } })
        #expect(sheet.setup.contains { $0.hasPrefix("Wall space") && $0.contains("Data walk") })
        #expect(sheet.toPrint.first == "This agenda, one copy per table")
        #expect(sheet.pulses == 3)
        let markdown = sheet.markdown()
        #expect(markdown.hasPrefix("# Preparation: Learning review with data"))
        #expect(markdown.contains("## Room set-up") && markdown.contains("## To print") && markdown.contains("- [ ] 6 to 10 posters"))
        let text = sheet.lines().map(\.text)
        #expect(text.contains("Materials by activity") && text.contains("Room set-up") && text.contains("To print"))
    }
}
