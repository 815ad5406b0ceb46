import Foundation
import Testing

@testable import ConveneCore

/// The shipped library, a corpus of malformed files, and the plan generator's promises.
@Suite struct LibraryContentTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    static func files(in folder: String, layer: LibraryFile.Layer = .shipped) -> [LibraryFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().filter { $0.hasSuffix(".md") || $0.hasSuffix(".yaml") }.map { name in
            LibraryFile(
                path: (folder as NSString).lastPathComponent + "/" + name,
                text: String(decoding: FileManager.default.contents(atPath: folder + "/" + name) ?? Data(), as: UTF8.self), layer: layer)
        }
    }

    static let shipped = Library(files: files(in: repository + "/activities") + files(in: repository + "/sessions"))

    @Test func theShippedLibraryIsCleanAndComplete() {
        let library = Self.shipped
        #expect(library.problems.map(\.description) == [])
        let activities = library.activities.values.filter { !$0.isPulse }
        #expect(activities.count >= 60, "\(library.census)")
        let minimum: [ActivityKind: Int] = [
            .checkin: 6, .trust: 8, .vulnerability: 5, .conflict: 8, .inclusion: 6, .ownership: 5,
            .accountability: 6, .learning: 5, .checkout: 5, .energizer: 3,
        ]
        for (kind, count) in minimum {
            #expect(activities.filter { $0.kind == kind }.count >= count, "\(kind)")
        }
        let pulses = library.activities.values.compactMap(\.pulse)
        #expect(pulses.count >= 12)
        #expect(Set(pulses.map(\.measures)) == Set(PulseSpec.Measure.allCases))
        #expect(pulses.contains { $0.reverse })
        for signal in SignalID.allCases {
            #expect(activities.filter { $0.addresses.contains(signal) }.count >= 3, "\(signal)")
        }
        #expect(library.plans.count >= 9)
        for name in [
            "monthly-meeting", "kickoff", "monthly-steering", "trust-retreat", "conflict-clearing", "learning-review", "community-listening",
            "onboarding-members", "annual-reset", "steering-committee",
        ] {
            #expect(library.plans[name] != nil, "\(name)")
        }
        #expect(library["things-i-suck-at"]?.kind == .vulnerability)
        #expect(activities.allSatisfy { activity in ActivityParser.activitySections.allSatisfy { activity.section($0)?.isEmpty == false } })
    }

    @Test func everyCardHasAPhaseAndEveryRoundItsSecondsPerPerson() {
        let activities = Self.shipped.activities.values.filter { !$0.isPulse }
        #expect(activities.allSatisfy { $0.phase != nil })
        #expect(Self.shipped.activities.values.filter(\.isPulse).allSatisfy { $0.phase == nil && $0.perPerson == nil })
        // Check-ins open a meeting, check-outs close it, and each phase has cards to choose from.
        #expect(activities.filter { $0.kind == .checkin }.allSatisfy { $0.phase == .open })
        #expect(activities.filter { $0.kind == .checkout }.allSatisfy { $0.phase == .close })
        for phase in Phase.allCases {
            #expect(activities.filter { $0.phase == phase && $0.kind != .pause }.count >= 5, "\(phase)")
        }
        #expect(activities.filter { $0.kind == .pause }.map(\.id) == ["break"])
        for activity in activities {
            let hasRound = activity.steps.contains { step in
                ActivityParser.isRound(.init(text: step.text, minutes: step.minutes, line: 0))
            }
            #expect(hasRound == (activity.perPerson != nil), "\(activity.id): a round and per-person go together")
            guard let seconds = activity.perPerson else { continue }
            #expect(ActivityParser.perPersonSeconds.contains(seconds), "\(activity.id)")
            // Minutes are for group.min; the largest group's round stays within an hour more.
            #expect((seconds * activity.group.min + 59) / 60 <= activity.minutes.min, "\(activity.id)")
            #expect(activity.extraMinutes(for: activity.group.max) <= ActivityParser.maxRoundExtraMinutes, "\(activity.id)")
        }
        // Cards that need something say what.
        let bare = activities.filter { $0.materials.isEmpty }.map(\.id).sorted()
        #expect(bare.count <= 3, "\(bare)")
    }

    @Test func templatesAddUpAndKeepTheirWord() throws {
        let library = Self.shipped
        for plan in library.plans.values {
            #expect(library.plannedMinutes(plan) == plan.minutes, "\(plan.name): \(library.plannedMinutes(plan)) planned for \(plan.minutes)")
            // The generator's own rules hold for the templates: breaks, trust before exposure, protocols.
            let problems = PlanGeneratorTests.templateProblems(plan)
            #expect(problems.isEmpty, "\(plan.name): \(problems)")
        }
        let onboarding = try #require(library.plans["onboarding-members"]).agenda.map(\.id)
        let clarity = try #require(onboarding.firstIndex(of: "clarity-on-next-steps"))
        #expect(onboarding.firstIndex(of: "commitments-round").map { $0 < clarity } == true)
        // Interpretation is set up before anyone speaks, and a welcome comes before any audit.
        #expect(
            try #require(library.plans["community-listening"]).agenda.prefix(2).map(\.id) == ["language-justice-in-the-room", "one-word-arrival"])
        let committee = try #require(library.plans["steering-committee"])
        #expect(committee.businessItems.filter { $0.purpose == .decide }.count == 2)
        #expect(committee.languages == ["es"] && committee.size == 18)
        #expect(library.plans["monthly-meeting"]?.minutes == 90)
        // The near-duplicates are gone or rewritten; nothing points at a removed id.
        for removed in ["one-commitment-out-loud", "parking-lot-conversations"] {
            #expect(library[removed] == nil)
            #expect(library.plans.values.allSatisfy { !$0.agenda.contains { $0.id == removed } })
        }
        let steering = try #require(library.plans["monthly-steering"]).agenda.map(\.id)
        #expect(steering.contains("since-we-last-met") && steering.contains("review-open-commitments"))
        #expect(library["since-we-last-met"]?.addresses.contains(.followThrough) == false)
    }

    @Test func everyMalformedFileGivesItsExpectedFirstProblem() throws {
        let folder = Self.repository + "/Tests/ConveneCoreTests/Malformed"
        let expected = try String(contentsOfFile: folder + "/expected.txt", encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: "\t", maxSplits: 2).map(String.init)
        }
        #expect(expected.count >= 15)
        let base = Self.files(in: Self.repository + "/activities") + Self.files(in: Self.repository + "/sessions")
        for entry in expected {
            let (name, line, message) = (entry[0], Int(entry[1])!, entry[2])
            let file = LibraryFile(path: name, text: try String(contentsOfFile: folder + "/" + name, encoding: .utf8), layer: .own)
            let problems = Library(files: base + [file]).problems.filter { $0.file == name }
            #expect(problems.first?.line == line, "\(name)")
            #expect(problems.first?.message == message, "\(name)")
        }
    }

    @Test func generatedPlansKeepTheirPromisesOverManySeeds() throws {
        let library = Self.shipped
        let generator = PlanGenerator(library: library)
        let focusSets: [[CollaborativeValue]] = [[], [.inclusion], [.learning, .integrity], [.engagement, .collaboration, .inclusion]]
        var runs = 0
        for seed in UInt64(1)...500 {
            let minutes = [45, 60, 90, 120, 180, 240][Int(seed % 6)]
            let focus = focusSets[Int(seed % 4)]
            let size = seed % 3 == 0 ? 25 : nil
            let recent: Set<String> = seed % 5 == 0 ? ["one-word-arrival", "elephant-in-the-room", "talking-piece-round"] : []
            let plan = try generator.generate(.init(minutes: minutes, focus: focus, groupSize: size, seed: seed, recent: recent))
            runs += 1
            let items = plan.agenda.compactMap { library[$0.id] }
            #expect(items.count == plan.agenda.count)
            let total = plan.agenda.reduce(0) { $0 + library.minutes(of: $1, size: size) }
            #expect(Double(total) >= Double(minutes) * 0.9 && Double(total) <= Double(minutes) * 1.1, "seed \(seed): \(total) for \(minutes)")
            #expect(items.first?.kind == .checkin)
            #expect(items.last?.kind == .checkout)
            for value in focus { #expect(items.contains { $0.values.contains(value) }, "seed \(seed) misses \(value)") }
            if let size { #expect(items.filter { !$0.isPulse }.allSatisfy { $0.group.fits(size) }) }
            if let firstHigh = items.firstIndex(where: { !$0.isPulse && $0.intensity == .high }) {
                #expect(items[..<firstHigh].contains { $0.kind == .trust }, "seed \(seed): high exposure before trust")
            }
            for item in plan.agenda where item.minutes != nil {
                let activity = library[item.id]!
                #expect(activity.isPulse || activity.plannableRange.contains(item.minutes!))
            }
            // Each recent id has alternatives of its kind at these sizes, so none may come back.
            #expect(items.allSatisfy { !recent.contains($0.id) }, "seed \(seed) repeats a recent activity")
            let again = try generator.generate(.init(minutes: minutes, focus: focus, groupSize: size, seed: seed, recent: recent))
            #expect(again == plan, "seed \(seed) is not deterministic")
            let reparsed = PlanParser.parse(file: "generated.yaml", text: plan.yaml())
            #expect(reparsed.problems.isEmpty)
            #expect(reparsed.plan?.agenda.map(\.id) == plan.agenda.map(\.id))
        }
        #expect(runs == 500)
    }

    @Test func recentActivitiesAreAvoidedWhenThereIsAnAlternative() throws {
        let library = Self.shipped
        let generator = PlanGenerator(library: library)
        let focusSets: [[CollaborativeValue]] = [[], [.inclusion], [.learning, .integrity], CollaborativeValue.allCases]
        for minutes in [45, 60, 90, 120, 180, 240] {
            // All five values do not fit 45 minutes once the opening and closing keep to a quarter.
            for (index, focus) in focusSets.enumerated() where !(minutes == 45 && focus.count == 5) {
                for seed in UInt64(1)...25 {
                    let size = index % 2 == 0 ? nil : 12
                    let first = try generator.generate(.init(minutes: minutes, focus: focus, groupSize: size, seed: seed))
                    // The break comes back in every long plan; it is not an activity to vary.
                    let recent = Set(first.agenda.filter { !$0.isPulse && library[$0.id]?.kind != .pause }.map(\.id))
                    // Another seed, as the next session would have: it must find other activities.
                    let second = try generator.generate(.init(minutes: minutes, focus: focus, groupSize: size, seed: seed + 1000, recent: recent))
                    // The opening and closing may repeat when theirs is the only one within a quarter of the meeting.
                    let repeated = second.agenda.filter {
                        !$0.isPulse && recent.contains($0.id) && ![.checkin, .checkout].contains(library[$0.id]?.kind)
                    }
                    #expect(repeated.isEmpty, "\(minutes) min, \(focus), seed \(seed) repeats \(repeated.map(\.id))")
                }
            }
        }
    }

    @Test func impossibleRequestsAreRefusedClearly() {
        let generator = PlanGenerator(library: Self.shipped)
        #expect(throws: CoreError.self) { try generator.generate(.init(minutes: 5)) }
        #expect(throws: CoreError.self) { try generator.generate(.init(minutes: 0)) }
    }
}
