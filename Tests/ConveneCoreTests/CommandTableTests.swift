import Testing

@testable import ConveneCore

/// The command tables: each name and alias declared once per screen, each row reading its own
/// arguments, and the one path from a plan order to a generated plan.
@Suite struct CommandTableTests {
    @Test func eachNameAndAliasIsDeclaredOncePerScreen() {
        for scope in [CommandSpec.Scope.session, .home] {
            let names = CommandSpec.commands(in: scope).flatMap { [$0.name] + $0.aliases }
            #expect(Set(names).count == names.count, "\(scope): \(names)")
            for spec in CommandSpec.commands(in: scope) {
                switch (scope, spec.parse) {
                case (.session, .session), (.home, .home): break
                default: Issue.record("/\(spec.name) reads into the other screen's commands")
                }
            }
        }
    }

    @Test func theHomeRowsReadTheirArguments() throws {
        let expected: [(String, HomeCommand)] = [
            ("/group", .group(nil)), ("group Reading Coalition", .group("Reading Coalition")), ("/groups", .groups),
            ("/start", .start(plan: nil)), ("/start today.yaml", .start(plan: "today.yaml")), ("/start generated", .startGenerated),
            ("/generate 90", .generate(PlanOrder(minutes: 90))),
            ("/generate 120 inclusion,learning --size 25", .generate(PlanOrder(minutes: 120, focus: [.inclusion, .learning], size: 25))),
            ("/generate --size 8 60", .generate(PlanOrder(minutes: 60, size: 8))),
            ("/plans", .plans), ("sessions", .sessions), ("/show 3", .show(3)), ("/help", .help(nil)), ("? start", .help("start")),
            ("/quit", .quit), ("exit", .quit), ("/q", .quit),
        ]
        for (line, command) in expected {
            #expect(try HomeCommand.parse(line) == command, "\(line)")
        }
        #expect(try HomeCommand.parse("   ") == nil)
    }

    @Test func theHomeRowsRefuseWhatTheyCannotRead() {
        let refusals = [
            ("/strat", "did you mean /start?"), ("/generate", "/generate needs minutes"), ("/generate 90 a b", "/generate needs minutes"),
            ("/generate 90 --size", "--size needs a number"), ("/generate 90 --size 0", "--size needs a number"),
            ("/generate 90 fun", "/generate: 'fun' is not one of: collaboration"), ("/show three", "/show needs a session number"),
            ("/plans all", "/plans takes no arguments"), ("/next", "unknown command /next"),
        ]
        for (line, because) in refusals {
            do {
                _ = try HomeCommand.parse(line)
                Issue.record("\(line) was read")
            } catch {
                #expect(error.description.contains(because), "\(line): \(error)")
                #expect(error.failureKind == .badInput)
            }
        }
    }

    @Test func aSessionRowsRefusalNamesTheCommandAsTyped() {
        #expect(throws: CoreError.usage("/n takes no arguments")) { try CommandParser.parse("/n now") }
        #expect(throws: CoreError.usage("/goto needs a step number: /goto N")) { try CommandParser.parse("/goto") }
        #expect(throws: CoreError.usage("/goto needs a step number like /goto 3 (got \"x\")")) { try CommandParser.parse("/goto x") }
    }

    @Test func aPlanOrderIsOnePathFromWordsToAPlan() throws {
        #expect(PlanOrder.seed(forDay: "2026-03-14") == 20_260_314)
        #expect(try PlanOrder.values("inclusion, learning") == [.inclusion, .learning])
        #expect(throws: CoreError.usage("'fun' is not one of: collaboration, inclusion, engagement, learning, integrity")) {
            try PlanOrder.values("fun")
        }
        let library = PlanGeneratorTests.library
        let order = PlanOrder(minutes: 90, focus: [.inclusion], size: 12)
        let today = try order.plan(library: library, day: "2026-03-14")
        var seeded = order
        seeded.seed = 20_260_314
        #expect(try seeded.plan(library: library, day: "1999-01-01").agenda.map(\.id) == today.agenda.map(\.id), "no seed is the day's seed")
        #expect(
            today.notes?.hasPrefix("Generated for 90 minutes with seed 20260314, covering inclusion, for 12 people.") == true, "\(today.notes ?? "")")
        let forGroup = try order.plan(library: library, day: "2026-03-14", group: .init(name: "Reading Coalition", recent: [], signals: []))
        #expect(forGroup.notes?.contains("avoiding what Reading Coalition did in its last 3 sessions") == true)
    }
}
