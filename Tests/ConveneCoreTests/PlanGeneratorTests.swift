import Foundation
import Testing

@testable import ConveneCore

/// The generator's promises as properties, over seeds × durations × group sizes, on the shipped library.
@Suite struct PlanGeneratorTests {
    static let library = LibraryContentTests.shipped
    static let durations = [45, 60, 90, 120, 180, 240]
    static let sizes: [Int?] = [nil, 5, 15, 40]

    static func signal(_ id: SignalID) -> Signal {
        Signal(id: id, severity: .act, summary: "Test signal \(id.rawValue).", evidence: ["4 of 9 commitments done by 2026-03-01."])
    }

    /// The group's items for a seed: 0 to 3, every purpose and method in turn, taking at most
    /// about a third of the meeting.
    static func items(seed: UInt64, minutes: Int) -> [BusinessItem] {
        let count = Int(seed % 4)
        guard count > 0 else { return [] }
        let titles = ["FY27 reading grants: which three neighbourhoods", "Kindergarten readiness data", "Resident stipend policy"]
        let purposes: [BusinessItem.Purpose] = [.decide, .inform, .discuss, .decide]
        let methods: [DecisionMethod?] = [nil] + DecisionMethod.allCases
        let each = max(5, min(30, minutes / (3 * count)))
        return (0..<count).map { index in
            let purpose = purposes[(Int(seed / 4) + index) % purposes.count]
            return BusinessItem(
                title: titles[index], purpose: purpose, minutes: each - index, lead: index == 0 ? "United Way" : nil,
                method: purpose == .decide ? methods[(Int(seed) + index) % methods.count] : nil)
        }
    }

    /// Minutes of each stretch between breaks (and the meeting's edges).
    static func stretches(_ plan: Plan) -> [Int] {
        var result = [0]
        for item in plan.agenda {
            if library[item.id]?.kind == .pause {
                result.append(0)
            } else {
                result[result.count - 1] += library.minutes(of: item)
            }
        }
        return result
    }

    /// Every rule a generated plan must keep; returns the failures as text, so one #expect reports them.
    static func problems(_ plan: Plan, request: PlanGenerator.Request) -> [String] {
        let (minutes, size, focus) = (request.minutes, request.groupSize, request.focus)
        let signal = request.signals.first
        var found: [String] = []
        let notes = plan.notes ?? ""
        // The items, in order, with their minutes; each decide item followed by its protocol.
        if plan.businessItems != request.items { found.append("items \(plan.businessItems.map(\.title)) for \(request.items.map(\.title))") }
        for (index, item) in plan.agenda.enumerated() {
            guard let business = item.business else { continue }
            if item.minutes != business.minutes { found.append("\(business.title) given \(item.minutes ?? 0)") }
            guard business.purpose == .decide else { continue }
            let card = (business.method ?? PlanGenerator.defaultMethod).cardID
            if index + 1 >= plan.agenda.count || plan.agenda[index + 1].id != card { found.append("\(business.title) not followed by \(card)") }
        }
        let processItems = plan.agenda.filter { $0.business == nil }
        let items = processItems.compactMap { item in library[item.id].map { (item: item, activity: $0) } }
        guard items.count == processItems.count else { return found + ["unknown ids in \(plan.agenda.map(\.id))"] }
        if let onDemand = items.first(where: { $0.activity.schedule == .onDemand }) { found.append("\(onDemand.activity.id) is on demand") }
        let body = items.map(\.activity).filter { !$0.isPulse && $0.kind != .pause }
        // Interpretation is set up before anyone speaks; the meeting opens with a check-in and closes with a check-out.
        let speaking = request.languages.isEmpty ? items : Array(items.dropFirst())
        if !request.languages.isEmpty && items.first?.activity.id != PlanGenerator.languageCard { found.append("interpretation not first") }
        if speaking.first?.activity.kind != .checkin || items.last?.activity.kind != .checkout { found.append("not check-in to check-out") }
        // Arc order among the process cards when there are no items to carry.
        let phases = body.filter { $0.id != PlanGenerator.languageCard }.compactMap(\.phase)
        if request.items.isEmpty {
            if phases != phases.sorted() { found.append("arc out of order: \(phases.map(\.rawValue))") }
            if !phases.contains(.work) { found.append("no work") }
            if minutes >= 60 && (signal == nil || minutes >= 90) && !phases.contains(.decide) { found.append("nothing decided in \(minutes) min") }
        }
        // A closer that asks what was decided closes a meeting that decided something.
        let decided = phases.contains(.decide) || request.items.contains { $0.purpose == .decide }
        if items.last?.activity.asksWhatWasDecided == true && !decided { found.append("the closer asks what was decided; nothing was") }
        // Breaks: none at the edges, and no stretch longer than 90 minutes.
        if let first = plan.agenda.first, library[first.id]?.kind == .pause { found.append("break first") }
        if let last = plan.agenda.last, library[last.id]?.kind == .pause { found.append("break last") }
        if let longest = stretches(plan).max(), longest > PlanGenerator.maxStretch, !notes.contains("without a break") {
            found.append("\(longest) min without a break")
        }
        // The opening and closing take at most a quarter.
        let frame = items.filter { [.checkin, .checkout].contains($0.activity.kind) }.reduce(0) { $0 + ($1.item.minutes ?? 0) }
        if Double(frame) > Double(minutes) * PlanGenerator.frameShare { found.append("check-in and check-out take \(frame) of \(minutes)") }
        // Every item carries its minutes; the total is exact or the notes say why.
        if plan.agenda.contains(where: { $0.minutes == nil }) { found.append("an item without minutes") }
        let total = plan.agenda.reduce(0) { $0 + library.minutes(of: $1, size: size) }
        if total != minutes && !notes.contains("Planned \(total) of \(minutes) minutes") { found.append("\(total) min for \(minutes), unexplained") }
        if Double(total) < Double(minutes) * 0.9 || Double(total) > Double(minutes) * 1.1 { found.append("\(total) min for \(minutes)") }
        for (item, activity) in items where !activity.isPulse {
            let given = item.minutes ?? 0
            if let size, !activity.group.fits(size), !DecisionMethod.allCases.contains(where: { $0.cardID == activity.id }) {
                found.append("\(activity.id) does not fit \(size)")
            }
            let range = activity.minutes(for: size, interpreted: !request.languages.isEmpty)
            if activity.kind == .pause || [.checkin, .checkout].contains(activity.kind) { continue }
            if given < range.min || given > range.max { found.append("\(activity.id) given \(given) outside \(range.min)...\(range.max)") }
        }
        for value in focus where !body.contains(where: { $0.values.contains(value) }) {
            if !notes.contains("no room for an activity on \(value.rawValue)") { found.append("misses \(value)") }
        }
        if let firstHigh = body.firstIndex(where: { $0.intensity == .high }), !body[..<firstHigh].contains(where: { $0.kind == .trust }) {
            found.append("high exposure before trust")
        }
        // Trust work and context before the first decision, commitments after the last, or the notes say why not.
        if let first = plan.agenda.firstIndex(where: { $0.business?.purpose == .decide }),
            let last = plan.agenda.lastIndex(where: { $0.business?.purpose == .decide })
        {
            let before = plan.agenda[..<first].compactMap { library[$0.id] }
            if !before.contains(where: { $0.kind == .trust }) && !notes.contains("No trust-building activity fits") {
                found.append("no trust work before the decision")
            }
            let after = plan.agenda[(last + 1)...].map(\.id)
            if !after.contains(where: PlanGenerator.commitmentCards.contains) && !notes.contains("No commitments activity fits") {
                found.append("no commitments after the decisions")
            }
        }
        if let signal {
            let answering = body.filter { $0.addresses.contains(signal.id) }
            let named = answering.filter { notes.contains("(\($0.id))") }
            let excused = notes.contains("No activity for \(signal.id.rawValue) fits")
            if named.isEmpty && !excused { found.append("no activity for \(signal.id.rawValue) named in the notes: \(notes)") }
        }
        return found
    }

    @Test func generatedPlansMakeAMeetingOverSeedsDurationsSizesAndItems() throws {
        let generator = PlanGenerator(library: Self.library)
        let focusSets: [[CollaborativeValue]] = [[], [.inclusion], [.learning, .integrity], [.engagement, .collaboration, .inclusion]]
        var runs = 0
        var tooShort = 0
        var exact = 0
        var longest: [Int] = []
        var frameShares: [Double] = []
        var pulses: [String: Int] = [:]
        for seed in UInt64(1)...500 {
            for minutes in Self.durations {
                for size in Self.sizes {
                    let focus = focusSets[Int(seed % 4)]
                    // Every other seed plans for a group with a signal, each signal in turn.
                    let signal = seed % 2 == 0 ? Self.signal(SignalID.allCases[Int(seed / 2) % SignalID.allCases.count]) : nil
                    let recent: Set<String> = seed % 5 == 0 ? ["one-word-arrival", "elephant-in-the-room", "talking-piece-round"] : []
                    let request = PlanGenerator.Request(
                        minutes: minutes, focus: focus, groupSize: size, seed: seed, recent: recent, signals: signal.map { [$0] } ?? [],
                        items: Self.items(seed: seed, minutes: minutes), languages: seed % 7 == 0 ? ["es", "vi"] : [])
                    let plan: Plan
                    do {
                        plan = try generator.generate(request)
                    } catch  where error.kind == .usage && error.message.contains("is too short") && !request.items.isEmpty {
                        // Items and their protocols that cannot fit are refused with the minutes they need.
                        tooShort += 1
                        continue
                    } catch {
                        Issue.record("seed \(seed), \(minutes) min, size \(size.map(String.init) ?? "-"), \(request.items.count) items: \(error)")
                        continue
                    }
                    runs += 1
                    let total = plan.agenda.reduce(0) { $0 + Self.library.minutes(of: $1, size: size) }
                    if total == minutes { exact += 1 }
                    longest.append(Self.stretches(plan).max() ?? 0)
                    if minutes < 90 {
                        let frame = plan.agenda.filter { [.checkin, .checkout].contains(Self.library[$0.id]?.kind) }.reduce(0) {
                            $0 + ($1.minutes ?? 0)
                        }
                        frameShares.append(Double(frame) / Double(minutes))
                    }
                    if minutes >= PlanGenerator.pulseFrom, let pulse = plan.agenda.first(where: \.isPulse) { pulses[pulse.id, default: 0] += 1 }
                    let found = Self.problems(plan, request: request)
                    #expect(found.isEmpty, "seed \(seed), \(minutes) min, size \(size.map(String.init) ?? "-"): \(found)")
                    // The opening and closing may repeat when theirs is the only one that fits a quarter of the meeting.
                    let repeated = plan.agenda.filter { recent.contains($0.id) && ![.checkin, .checkout].contains(Self.library[$0.id]?.kind) }
                    #expect(repeated.isEmpty, "seed \(seed) repeats a recent activity: \(plan.agenda.map(\.id))")
                    if seed % 50 == 0 {
                        #expect(try generator.generate(request) == plan, "seed \(seed) is not deterministic")
                        let reparsed = PlanParser.parse(file: "generated.yaml", text: plan.yaml())
                        #expect(reparsed.problems.isEmpty)
                        #expect(reparsed.plan?.agenda.map(\.business) == plan.agenda.map(\.business))
                        #expect(
                            reparsed.plan?.agenda.map { [$0.id, "\($0.minutes ?? 0)", "\($0.isPulse)"] }
                                == plan.agenda.map { [$0.id, "\($0.minutes ?? 0)", "\($0.isPulse)"] })
                        #expect(reparsed.plan?.languages == plan.languages && reparsed.plan?.size == plan.size)
                    }
                }
            }
        }
        #expect(runs + tooShort == 500 * Self.durations.count * Self.sizes.count)
        #expect(Double(tooShort) <= Double(runs) * 0.02, "\(tooShort) refused as too short")
        // The pulse varies: many questions, none asked in more than a quarter of the plans.
        let asked = pulses.values.reduce(0, +)
        #expect(pulses.count >= 10, "\(pulses)")
        #expect(Double(pulses.values.max() ?? 0) <= Double(asked) * 0.25, "\(pulses)")
        longest.sort()
        frameShares.sort()
        print(
            "plans \(runs) (\(tooShort) refused as too short): exact \(exact); longest stretch without a break median \(longest[longest.count / 2]), max \(longest.last ?? 0); check-in+out share under 90 min median \(frameShares[frameShares.count / 2]), max \(frameShares.last ?? 0); \(pulses.count) pulses over \(asked) plans, most \(pulses.values.max() ?? 0)"
        )
    }

    /// The generator's rules, for a template: breaks at most 90 minutes apart, trust before high
    /// exposure, no long run of high exposure, protocols after decide items, commitments after
    /// decisions and in any meeting of 90 minutes, interpretation first, a closer that asks what
    /// was decided only after a decision.
    static func templateProblems(_ plan: Plan) -> [String] {
        var found: [String] = []
        if let longest = stretches(plan).max(), longest > PlanGenerator.maxStretch { found.append("\(longest) min without a break") }
        let cards = plan.agenda.compactMap { library[$0.id] }.filter { !$0.isPulse && $0.kind != .pause }
        if let firstHigh = cards.firstIndex(where: { $0.intensity == .high }), !cards[..<firstHigh].contains(where: { $0.kind == .trust }) {
            found.append("high exposure (\(cards[firstHigh].id)) before trust")
        }
        var run = 0
        for item in plan.agenda {
            let activity = library[item.id]
            if activity?.intensity == .high || activity?.kind == .vulnerability {
                run += library.minutes(of: item)
                if run > 45 { found.append("\(run) min of exposure back to back at \(item.id)") }
            } else if activity?.isPulse != true {
                run = 0
            }
        }
        for (index, item) in plan.agenda.enumerated() where item.business?.purpose == .decide {
            let card = (item.business?.method ?? PlanGenerator.defaultMethod).cardID
            if index + 1 >= plan.agenda.count || plan.agenda[index + 1].id != card { found.append("\(item.business?.title ?? "") without \(card)") }
        }
        let decided = cards.contains { $0.phase == .decide } || plan.businessItems.contains { $0.purpose == .decide }
        if cards.last?.asksWhatWasDecided == true && !decided { found.append("the closer asks what was decided") }
        if plan.minutes >= 90 && !plan.agenda.contains(where: { PlanGenerator.commitmentCards.contains($0.id) }) { found.append("no commitments") }
        if let last = plan.agenda.lastIndex(where: { $0.business?.purpose == .decide }),
            !plan.agenda[last...].contains(where: { PlanGenerator.commitmentCards.contains($0.id) })
        {
            found.append("no commitments after the decisions")
        }
        let speaking = plan.languages.isEmpty ? cards : Array(cards.dropFirst())
        if !plan.languages.isEmpty && cards.first?.id != PlanGenerator.languageCard { found.append("interpretation not set up first") }
        if speaking.first?.kind != .checkin || cards.last?.kind != .checkout {
            found.append("does not open with a check-in and close with a check-out")
        }
        if plan.minutes < 90 {
            let frame = plan.agenda.filter { [.checkin, .checkout].contains(library[$0.id]?.kind) }.reduce(0) { $0 + library.minutes(of: $1) }
            if Double(frame) > Double(plan.minutes) * PlanGenerator.frameShare { found.append("check-in and check-out take \(frame)") }
        }
        return found
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
