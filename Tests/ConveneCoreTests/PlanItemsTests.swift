import Foundation
import Testing

@testable import ConveneCore

/// Plan files with the group's own items, the cards' schedule and prep fields, and the preparation sheet.
@Suite struct PlanItemsTests {
    static let library = LibraryContentTests.shipped

    static func plan(_ agenda: String, header: String = "") -> PlanParser.Result {
        PlanParser.parse(file: "sessions/x.yaml", text: "title: X\nminutes: 60\n\(header)agenda:\n\(agenda)")
    }

    @Test func itemLinesParseAndWriteBack() throws {
        let result = Self.plan(
            """
              - one-word-arrival
              - {item: "FY27 reading grants: which three neighbourhoods", purpose: decide, minutes: 30, lead: "United Way", method: gradients}
              - {item: "Kindergarten readiness data", purpose: inform, minutes: 15}
              - worth-your-time-checkout

            """, header: "size: 18\nlanguages: [es, vi]\n")
        #expect(result.problems == [])
        let plan = try #require(result.plan)
        #expect(plan.size == 18 && plan.languages == ["es", "vi"])
        #expect(
            plan.businessItems == [
                BusinessItem(
                    title: "FY27 reading grants: which three neighbourhoods", purpose: .decide, minutes: 30, lead: "United Way", method: .gradients),
                BusinessItem(title: "Kindergarten readiness data", purpose: .inform, minutes: 15),
            ])
        #expect(plan.agenda[1].id == "" && plan.agenda[1].line == 7)
        let again = try #require(PlanParser.parse(file: "sessions/x.yaml", text: plan.yaml()).plan)
        #expect(again.agenda.map(\.business) == plan.agenda.map(\.business))
        #expect(again.size == 18 && again.languages == ["es", "vi"])
        // Items take their own minutes in the library's sums, and are not library ids.
        #expect(Self.library.check(plan).isEmpty)
        #expect(Self.library.minutes(of: plan.agenda[1]) == 30)
    }

    @Test func badItemLinesNameFileLineAndField() {
        let cases: [(String, String)] = [
            ("  - {item: \"Grants\", purpose: vote, minutes: 30}\n", "\"purpose\" must be one of inform, discuss, decide (got \"vote\")"),
            ("  - {item: \"Grants\", purpose: decide}\n", "missing field \"minutes\""),
            ("  - {item: \"Grants\", minutes: 30}\n", "missing field \"purpose\""),
            ("  - {item: \"Grants\", purpose: decide, minutes: 30, method: show-of-hands}\n", "\"method\" must be one of"),
            ("  - {item: \"Data\", purpose: inform, minutes: 10, method: consent}\n", "\"method\" is how a decide item is decided"),
            ("  - {item: \"Grants\", purpose: decide, minutes: 0}\n", "\"minutes\" of an item must be from 1 to 240 (got 0)"),
            ("  - {item: \"Grants\", purpose: decide, minutes: 30, owner: me}\n", "unknown field \"owner\""),
            (
                "  - {item: \"\(String(repeating: "x", count: BusinessItem.maxTitleLength + 1))\", purpose: inform, minutes: 5}\n",
                "\"item\" is 201 characters"
            ),
            ("  - {item: \"Bell\\u0007\", purpose: inform, minutes: 5}\n", "\"item\" must be one line of text"),
        ]
        for (line, message) in cases {
            let result = Self.plan("  - one-word-arrival\n" + line)
            #expect(result.plan == nil, "\(line)")
            #expect(result.problems.count == 1, "\(line): \(result.problems)")
            #expect(result.problems.first?.file == "sessions/x.yaml" && result.problems.first?.line == 5, "\(line): \(result.problems)")
            #expect(result.problems.first?.message.contains(message) == true, "\(line): \(result.problems)")
        }
        let languages = Self.plan("  - one-word-arrival\n", header: "languages: [es, Spanish]\n")
        #expect(
            languages.problems.map(\.description) == [
                "sessions/x.yaml:3: \"languages\": \"Spanish\" is not a language code: use two or three lowercase letters, like es or vi"
            ])
        let size = Self.plan("  - one-word-arrival\n", header: "size: 0\n")
        #expect(size.problems.first?.line == 3)
    }

    @Test func theItemArgumentReadsTitlePurposeMinutesAndMethod() throws {
        #expect(
            try BusinessItem.parse(argument: "FY27 reading grants: which three neighbourhoods: decide 30 gradients")
                == BusinessItem(title: "FY27 reading grants: which three neighbourhoods", purpose: .decide, minutes: 30, method: .gradients))
        #expect(try BusinessItem.parse(argument: "Data: inform 15") == BusinessItem(title: "Data", purpose: .inform, minutes: 15))
        for bad in ["no colon", ": inform 5", "Data: tell 5", "Data: inform five", "Data: inform 5 consent", "Data: decide 5 vote", "Data: decide"] {
            #expect(throws: CoreError.self, "\(bad)") { try BusinessItem.parse(argument: bad) }
        }
        #expect(try PlanOrder.languages("es, vi,es") == ["es", "vi"])
        #expect(throws: CoreError.self) { try PlanOrder.languages("en") }
    }

    @Test func onDemandAndPrepAreParsedAndLinted() {
        func card(_ extra: String, kind: String = "conflict", phase: String = "work") -> [LibraryProblem] {
            let text = """
                ---
                id: x
                title: X
                kind: \(kind)
                values: [integrity]
                minutes: {min: 5, typical: 10, max: 15}
                group: {min: 3, max: 30}
                intensity: low
                phase: \(phase)
                addresses: [trust-gap]
                materials: [pens]
                \(extra)
                ---
                ## Purpose
                p
                ## Steps
                1. Do it (10 min)
                ## Say
                s
                ## Debrief
                d
                ## Watch for
                w
                ## Variations
                v
                """
            return ActivityParser.parse(file: "activities/x.md", text: text).problems
        }
        #expect(card("schedule: on-demand").isEmpty)
        #expect(card("prep: \"Book two interpreters, 3 weeks ahead\"").isEmpty)
        #expect(
            card("schedule: sometimes").map(\.description) == [
                "activities/x.md:12: \"schedule\" must be one of agenda, on-demand (got \"sometimes\")"
            ])
        #expect(card("prep: \"Book interpreters\"").first?.message.contains("must say its lead time") == true)
        #expect(card("prep: \"Book interpreters\"").first?.line == 12)
        #expect(card("schedule: on-demand", kind: "checkin", phase: "open").first?.message.contains("cannot be \"schedule: on-demand\"") == true)
        // The shipped interrupts are on demand; cards that need people recruited or paid say so ahead.
        #expect(Self.library["repair-after-a-remark"]?.schedule == .onDemand)
        #expect(Self.library["when-consent-fails"]?.schedule == .onDemand)
        #expect(Self.library["caucus-and-affinity-time"]?.prep?.contains("3 weeks") == true)
        #expect(Self.library["language-justice-in-the-room"]?.prep?.contains("interpreters") == true)
        // A plan may not schedule an on-demand card.
        let plan = Self.plan("  - one-word-arrival\n  - repair-after-a-remark\n").plan!
        #expect(
            Self.library.check(plan).map(\.message) == [
                "\"repair-after-a-remark\" is on demand (an interrupt for when it is needed): keep it ready, not on the agenda"
            ])
    }

    @Test func theDecisionCardsMatchTheMethodsAndDecide() throws {
        for method in DecisionMethod.allCases {
            let card = try #require(Self.library[method.cardID], "\(method.cardID)")
            #expect(card.phase == .decide && card.isSchedulable, "\(method.cardID)")
        }
        let gradients = try #require(Self.library["gradients-of-agreement"]?.section("Purpose"))
        for level in [
            "Wholehearted endorsement", "Agree with a minor point", "Support with reservations", "Abstain", "More discussion needed",
            "Don't like it but will support", "Serious disagreement", "Block",
        ] {
            #expect(gradients.contains(level), "\(level)")
        }
        for id in [
            "when-consent-fails", "quorum-and-absent-members", "a-decision-that-affects-people-not-in-the-room",
            "reporting-a-decision-back-to-the-community",
        ] {
            #expect(Self.library[id] != nil, "\(id)")
        }
    }

    @Test func thePrepSheetListsWhatToHaveReadyAndWhatToArrangeAhead() throws {
        let plan = try #require(Self.library.plans["steering-committee"])
        let sheet = PrepSheet(plan: plan, library: Self.library)
        #expect(sheet.haveReady.contains { $0.hasPrefix("Repair after a remark lands badly (repair-after-a-remark)") })
        #expect(sheet.haveReady.contains { $0.contains("(when-consent-fails)") })
        #expect(sheet.arrangeAhead.contains { $0.hasPrefix("Book two interpreters per language") && $0.hasSuffix("(Language justice in the room)") })
        #expect(sheet.plannedMinutes == 180)
        let text = sheet.lines().map(\.text)
        #expect(text.contains("Arrange ahead") && text.contains { $0.hasPrefix("Have ready") })
        let markdown = sheet.markdown()
        #expect(markdown.contains("## Arrange ahead") && markdown.contains("## Have ready"))
    }

    @Test func threeItemsMakeAMeetingAroundThem() throws {
        let items = [
            BusinessItem(title: "Kindergarten readiness data", purpose: .inform, minutes: 15),
            BusinessItem(title: "FY27 reading grants", purpose: .decide, minutes: 30, method: .gradients),
            BusinessItem(title: "Resident stipend policy", purpose: .decide, minutes: 15, method: .consent),
        ]
        let plan = try PlanGenerator(library: Self.library).generate(
            .init(minutes: 180, groupSize: 18, seed: 7, items: items, languages: ["es"]))
        #expect(plan.businessItems == items)
        let ids = plan.agenda.map(\.id)
        #expect(ids.first == "language-justice-in-the-room")
        #expect(ids.contains("gradients-of-agreement") && ids.contains("consent-round"))
        #expect(!ids.contains("repair-after-a-remark") && !ids.contains("when-consent-fails"))
        #expect(Self.library.plannedMinutes(plan) == 180)
        #expect(PlanGeneratorTests.templateProblems(plan) == [])
        // Too many items for the minutes: refused with what they need.
        #expect(throws: CoreError.self) {
            try PlanGenerator(library: Self.library).generate(.init(minutes: 45, items: items))
        }
    }
}
