import Testing

@testable import ConveneCore

@Suite struct ActivityParserTests {
    @Test func parsesACompleteCard() throws {
        let result = ActivityParser.parse(file: "activities/arrive.md", text: Fixtures.card(id: "arrive"))
        #expect(result.problems.isEmpty)
        let card = try #require(result.activity)
        #expect(card.id == "arrive")
        #expect(card.kind == .checkin)
        #expect(card.minutes == .init(min: 5, typical: 10, max: 15))
        #expect(card.steps.map(\.minutes) == [5, 5])
        #expect(card.steps.first?.text == "Round")
        #expect(card.section("Purpose") == "Why we do it.")
    }

    @Test func parsesAPulseQuestion() throws {
        let card = try #require(ActivityParser.parse(file: "activities/trust-pulse.md", text: Fixtures.pulse).activity)
        #expect(card.pulse?.answer == .scale)
        #expect(card.pulse?.scale?.max == 5)
        #expect(card.pulse?.measures == .trust)
    }

    @Test func namesTheLineOfAWrongType() {
        let text = Fixtures.card(id: "arrive", minutes: "{min: 5, typical: ten, max: 15}")
        let problems = ActivityParser.parse(file: "activities/arrive.md", text: text).problems
        #expect(problems.map(\.description) == ["activities/arrive.md:6: \"minutes.typical\" must be a whole number"])
    }

    @Test func reportsUnknownFieldsAndValues() {
        let text = Fixtures.card(id: "arrive", kind: "trst", extra: "colour: red\n")
        let problems = ActivityParser.parse(file: "activities/arrive.md", text: text).problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("activities/arrive.md:4: \"kind\" must be one of") })
        #expect(problems.contains("activities/arrive.md:10: unknown field \"colour\""))
    }

    @Test func stepsMustCarryMinutesAndFitTheMaximum() {
        let text = Fixtures.card(id: "arrive", steps: "1. Round (10 min)\n2. Talk\n3. More (10 min)")
        let problems = ActivityParser.parse(file: "activities/arrive.md", text: text).problems.map(\.description)
        #expect(problems.contains("activities/arrive.md:18: step 2 has no minutes: end it with \"(N min)\""))
        #expect(problems.contains("activities/arrive.md:16: steps add up to 20 min, more than minutes.max 15"))
    }

    @Test func phaseAndPerPersonAreCheckedWithTheirLines() {
        func problems(_ text: String) -> [String] { ActivityParser.parse(file: "activities/arrive.md", text: text).problems.map(\.description) }
        let card = Fixtures.card(id: "arrive")
        #expect(ActivityParser.parse(file: "activities/arrive.md", text: card).activity?.phase == .open)
        #expect(ActivityParser.parse(file: "activities/arrive.md", text: card).activity?.perPerson == 20)
        #expect(
            problems(card.replacingOccurrences(of: "phase: open", with: "phase: middle")).first?.hasPrefix(
                "activities/arrive.md:10: \"phase\" must be one of open, connect, context, work, decide, close") == true)
        #expect(
            problems(card.replacingOccurrences(of: "phase: open", with: "phase: work")) == [
                "activities/arrive.md:10: a check-in opens or closes a meeting: \"phase\" must be open (got work)"
            ])
        #expect(
            problems(card.replacingOccurrences(of: "per-person: 20", with: "per-person: 2")) == [
                "activities/arrive.md:11: \"per-person\" is seconds each person speaks, from 5 to 600 (got 2)"
            ])
        #expect(
            problems(card.replacingOccurrences(of: "per-person: 20", with: "per-person: 120")) == [
                "activities/arrive.md:11: 3 people at 120 s each take 6 min, more than minutes.min 5"
            ])
        #expect(
            problems(card.replacingOccurrences(of: "per-person: 20", with: "per-person: 200")).contains(
                "activities/arrive.md:11: at group.max 30 the round adds 90 min at 200 s each: lower group.max (at most 60 min more than at group.min)"
            ))
        #expect(
            problems(card.replacingOccurrences(of: "per-person: 20\n", with: "")) == [
                "activities/arrive.md:16: a round where everyone speaks in turn needs \"per-person: SECONDS\" so its minutes grow with the group"
            ])
    }

    @Test func idMustMatchTheFileName() {
        let problems = ActivityParser.parse(file: "activities/other.md", text: Fixtures.card(id: "arrive")).problems
        #expect(problems.map(\.description) == ["activities/other.md:2: \"id\" is \"arrive\" but the file is named other.md; they must match"])
    }

    @Test func missingFrontMatterAndBrokenYAMLAreOneLine() {
        #expect(ActivityParser.parse(file: "a.md", text: "## Purpose\n").problems.map(\.line) == [1])
        let broken = ActivityParser.parse(file: "a.md", text: "---\nid: a\ntitle: [unclosed\n---\n").problems
        #expect(broken.count == 1)
        #expect(broken[0].message.hasPrefix("front matter is not valid YAML"))
    }

    @Test func aBadFileIsSkippedAndTheRestLoads() {
        let library = Library(files: [
            LibraryFile(path: "activities/arrive.md", text: Fixtures.card(id: "arrive")),
            LibraryFile(path: "activities/bad.md", text: "---\nid: bad\n---\n"),
        ])
        #expect(library.activities.keys.sorted() == ["arrive"])
        #expect(library.problems.first?.file == "activities/bad.md")
    }

    @Test func ownLibraryOverridesShippedById() {
        let own = Fixtures.card(id: "arrive").replacingOccurrences(of: "title: Card arrive", with: "title: My arrival")
        let library = Library(files: [
            LibraryFile(path: "activities/arrive.md", text: Fixtures.card(id: "arrive")),
            LibraryFile(path: "mine/arrive.md", text: own, layer: .own),
        ])
        #expect(library["arrive"]?.title == "My arrival")
        #expect(library.problems.isEmpty)
    }

    @Test func planNamesItemsAndUnknownIdsWithLines() {
        let library = Fixtures.library
        let plan = try! #require(library.plans["short"])
        #expect(plan.agenda.map(\.id) == ["arrive", "trust-pulse", "deep", "leave"])
        #expect(plan.agenda[1].isPulse)
        let bad = PlanParser.parse(file: "sessions/x.yaml", text: "title: X\nminutes: 10\nagenda:\n  - arrive\n  - arive\n").plan!
        #expect(library.check(bad).map(\.description) == ["sessions/x.yaml:5: unknown activity \"arive\" (did you mean \"arrive\"?)"])
    }
}
