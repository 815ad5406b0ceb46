import Foundation
import Testing

@Suite struct PlanCommandTests {
    @Test func aGeneratedPlanRunsAndTheSameSeedGivesTheSamePlan() throws {
        let sandbox = Sandbox()
        let first = try sandbox.run(["plan", "--minutes", "90", "--focus", "inclusion", "--seed", "7", "--out", "plan.yaml"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("convene start plan.yaml runs it"))
        let again = try sandbox.run(["plan", "--minutes", "90", "--focus", "inclusion", "--seed", "7", "--format", "yaml"])
        #expect(try String(contentsOfFile: sandbox.folder + "/plan.yaml", encoding: .utf8) == again.stdout)
        let session = try sandbox.run(["start", "plan.yaml", "--group", "G"], input: "/end\n")
        #expect(session.status == 0, "\(session.stderr)")
        #expect(session.stdout.contains("Generated plan · 90 min"))
        let lint = try sandbox.run(["activities", "lint", "plan.yaml"])
        #expect(lint.status == 0, "\(lint.stdout)")
    }

    @Test func whatTheGroupDidInItsLastSessionsIsAvoided() throws {
        let sandbox = Sandbox()
        let session = try sandbox.run(["start", "monthly-steering", "--group", "G"], input: "/add specific-appreciation\n/end\n")
        #expect(session.status == 0, "\(session.stderr)")
        // monthly-steering's activities (its pulses and break aside), as the session ran them.
        let used: Set = [
            "since-we-last-met", "review-open-commitments", "elephant-in-the-room", "decision-rights-check",
            "commitments-round", "worth-your-time-checkout", "specific-appreciation",
        ]
        for seed in 1...5 {
            let plan = try sandbox.run(["plan", "--minutes", "120", "--group", "G", "--seed", "\(seed)", "--format", "yaml"])
            #expect(plan.status == 0, "\(plan.stderr)")
            // Agenda lines: "  - ID", "  - pulse: ID" or "  - {activity: ID, minutes: N}".
            let ids = plan.stdout.split(separator: "\n").filter { $0.hasPrefix("  - ") && !$0.contains("pulse:") }.map { line in
                String(line.dropFirst(4)).replacingOccurrences(of: "{activity: ", with: "").split(separator: ",").first.map(String.init) ?? ""
            }
            #expect(!ids.isEmpty)
            #expect(used.isDisjoint(with: ids), "seed \(seed) repeats \(used.intersection(ids))")
        }
    }

    /// Agenda lines of `convene plan`'s YAML: "  - {activity: ID, minutes: N}" or "  - {pulse: ID, minutes: N}".
    static func agenda(_ yaml: String) -> [(id: String, minutes: Int?)] {
        yaml.split(separator: "\n").filter { $0.hasPrefix("  - ") }.map { line in
            let fields = line.dropFirst(4).trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let id = fields.first.map { $0.replacingOccurrences(of: "activity: ", with: "").replacingOccurrences(of: "pulse: ", with: "") } ?? ""
            let minutes = fields.dropFirst().first { $0.hasPrefix("minutes: ") }.flatMap { Int($0.dropFirst(9)) }
            return (id, minutes)
        }
    }

    @Test func plansForAGroupWithHistoryAnswerItsStrongestSignalWithTitleAndMinutes() throws {
        let sandbox = Sandbox()
        #expect(try sandbox.run(["demo"]).status == 0)
        let signals = try sandbox.run(["signals", "--group", "Demo Collaborative", "--format", "json"])
        let strongest = try #require((try JSONSerialization.jsonObject(with: Data(signals.stdout.utf8)) as? [[String: Any]])?.first?["id"] as? String)
        for seed in 1...5 {
            let plan = try sandbox.run([
                "plan", "--minutes", "90", "--group", "Demo Collaborative", "--size", "18", "--seed", "\(seed)", "--title", "March steering",
                "--format", "yaml",
            ])
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout.hasPrefix("title: \"March steering\"\nminutes: 90\n"), "\(plan.stdout)")
            let items = Self.agenda(plan.stdout)
            #expect(items.count >= 5 && items.allSatisfy { $0.minutes != nil }, "seed \(seed): \(plan.stdout)")
            let total = items.compactMap(\.minutes).reduce(0, +)
            #expect((81...99).contains(total), "seed \(seed): \(total)")
            #expect(plan.stdout.contains("strongest open signal, \(strongest)"), "seed \(seed): \(plan.stdout)")
            #expect(plan.stdout.contains("Arc: open"), "seed \(seed)")
        }
        let long = try sandbox.run(["plan", "--minutes", "150", "--size", "25", "--seed", "4", "--title", "Retreat", "--out", "long.yaml"])
        #expect(long.status == 0, "\(long.stderr)")
        let text = try String(contentsOfFile: sandbox.folder + "/long.yaml", encoding: .utf8)
        #expect(Self.agenda(text).contains { $0.id == "break" })
        let session = try sandbox.run(["start", "long.yaml", "--group", "G"], input: "/end\n")
        #expect(session.status == 0, "\(session.stderr)")
        #expect(session.stdout.contains("Retreat"))
    }

    @Test func thePreparationSheetInTextAndMarkdown() throws {
        let sandbox = Sandbox()
        let text = try sandbox.run(["plan", "--minutes", "120", "--size", "20", "--seed", "3", "--prep"])
        #expect(text.status == 0, "\(text.stderr)")
        for heading in [
            "Preparation · Generated plan · 120 min", "Materials by activity", "Room set-up", "To print", "This agenda, one copy per table",
        ] {
            #expect(text.stdout.contains(heading), "\(heading): \(text.stdout)")
        }
        #expect(!text.stdout.contains("agenda:"), "the sheet replaces the YAML")
        for format in ["md", "markdown"] {
            let markdown = try sandbox.run(["plan", "--minutes", "120", "--size", "20", "--seed", "3", "--prep", "--format", format])
            #expect(markdown.status == 0, "\(markdown.stderr)")
            #expect(markdown.stdout.hasPrefix("# Preparation: Generated plan · 120 min\n"), "\(markdown.stdout)")
            #expect(markdown.stdout.contains("## Materials by activity") && markdown.stdout.contains("- [ ] "))
        }
        let both = try sandbox.run(["plan", "--minutes", "90", "--seed", "3", "--prep", "--out", "p.yaml"])
        #expect(both.status == 0 && both.stdout.contains("To print") && FileManager.default.fileExists(atPath: sandbox.folder + "/p.yaml"))
        let titled = try sandbox.run(["plan", "--minutes", "90", "--seed", "3", "--prep", "--title", "March steering"])
        #expect(titled.stdout.contains("Preparation · March steering"), "\(titled.stdout)")
        let yamlSheet = try sandbox.run(["plan", "--minutes", "90", "--prep", "--format", "yaml"])
        #expect(yamlSheet.status == 2 && yamlSheet.stderr.split(separator: "\n").count == 1, "\(yamlSheet.stderr)")
        let session = try sandbox.run(["start", "learning-review", "--group", "G"], input: "/prep\n/end\n")
        #expect(session.status == 0, "\(session.stderr)")
        #expect(session.stdout.contains("Preparation · Learning review with data"), "\(session.stdout)")
        #expect(session.stdout.contains("6 to 10 posters"))
    }

    @Test func thePlanReadsAsAnAgendaByDefault() throws {
        let sandbox = Sandbox()
        let text = try sandbox.run([
            "plan", "--minutes", "90", "--seed", "3", "--title", "March steering", "--item", "FY27 grants: decide 30 consent",
        ])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("March steering\n"), "\(text.stdout)")
        #expect(text.stdout.contains("  1. ") && text.stdout.contains(" min\n"), "\(text.stdout)")
        #expect(text.stdout.contains("FY27 grants (decide, 30 min, consent)"), "\(text.stdout)")
        #expect(!text.stdout.contains("agenda:") && !text.stdout.contains("{activity:"), "ids and YAML stay in the file: \(text.stdout)")
        let markdown = try sandbox.run(["plan", "--minutes", "90", "--seed", "3", "--title", "March steering", "--format", "md"])
        #expect(markdown.stdout.hasPrefix("# March steering\n") && markdown.stdout.contains("\n1. "), "\(markdown.stdout)")
        let both = try sandbox.run(["plan", "--minutes", "90", "--format", "md", "--out", "p.yaml"])
        #expect(both.status == 2 && both.stderr.split(separator: "\n").count == 1, "\(both.stderr)")
    }

    @Test func generateAtTheHomeScreenTakesAGroupSize() throws {
        let sandbox = Sandbox()
        let home = try sandbox.run([], input: "/group G\n/generate 120 inclusion --size 25\n/quit\n")
        #expect(home.status == 0, "\(home.stderr)")
        #expect(home.stdout.contains("Generated plan · 120 min"), "\(home.stdout)")
        #expect(home.stdout.contains("Break · 10 min"), "\(home.stdout)")
        #expect(home.stdout.contains("Arc: open"), "\(home.stdout)")
        let bad = try Sandbox().run([], input: "/generate 90 --size none\n")
        #expect(bad.status == 2 && bad.stderr.contains("--size needs a number"), "\(bad.stderr)")
    }

    @Test func impossibleOrBadRequestsAreOneLineWithExitTwo() throws {
        let sandbox = Sandbox()
        for arguments in [
            ["plan", "--minutes", "0"], ["plan", "--minutes", "5"], ["plan", "--minutes", "60", "--focus", "fun"],
            ["plan", "--minutes", "60", "--group", "Nobody"],
        ] {
            let result = try sandbox.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }

    @Test func listFiltersAndLintCounts() throws {
        let sandbox = Sandbox()
        let list = try sandbox.run(["activities", "list", "--kind", "conflict", "--intensity", "high", "--json"])
        let items = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { $0["kind"] as? String == "conflict" && $0["intensity"] as? String == "high" })
        let small = try sandbox.run(["activities", "list", "--group-size", "2"])
        #expect(small.status == 0)
        let lint = try sandbox.run(["activities", "lint"])
        #expect(lint.status == 0, "\(lint.stdout)")
        #expect(lint.stdout.contains("no problems"))
        #expect(lint.stdout.contains("pulse questions"))
        let bad = try sandbox.run(["activities", "lint", Sandbox.repository + "/Tests/ConveneCoreTests/Malformed"])
        #expect(bad.status == 2)
        #expect(bad.stdout.split(separator: "\n").count >= 23)
    }
}

@Suite struct UsageErrorTests {
    @Test func badOptionValuesAreOneLineWithExitTwo() throws {
        let sandbox = Sandbox()
        for arguments in [
            ["activities", "list", "--intensity", "extreme"], ["sessions", "show", "abc"], ["trends", "--format", "pdf"], ["nonsense"],
        ] {
            let result = try sandbox.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("convene: "), "\(arguments)")
        }
    }
}

/// Argument errors name the option first and say what is wrong with the value, one error a line.
@Suite struct ArgumentErrorTests {
    @Test func eachBadValueIsOneLineNamingItsOption() throws {
        let sandbox = Sandbox()
        let hint = " (convene --help for usage)\n"
        let cases: [([String], String)] = [
            (["plan", "--minutes", "-5"], "convene: --minutes: must be a positive number of minutes, got -5" + hint),
            (["plan", "--minutes", "0"], "convene: --minutes: must be a positive number of minutes, got 0" + hint),
            (["plan", "--minutes", "ninety"], "convene: --minutes: must be a positive number of minutes, got ninety" + hint),
            (["plan", "--minutes", "60", "--size", "-2"], "convene: --size: must be a positive number of people, got -2" + hint),
            (
                ["activities", "list", "--kind", "bogus"],
                "convene: --kind: 'bogus' is not one of: checkin, trust, vulnerability, conflict, inclusion, ownership, accountability, learning, checkout, energizer, break, pulse"
                    + hint
            ),
            (["activities", "list", "--intensity", "extreme"], "convene: --intensity: 'extreme' is not one of: low, medium, high" + hint),
            (["activities", "list", "--max-minutes", "-1"], "convene: --max-minutes: must be a positive number of minutes, got -1" + hint),
            (["trends", "--format", "pdf"], "convene: --format: 'pdf' is not one of: text, json, csv, html" + hint),
            (
                ["sessions", "show", "abc"],
                "convene: \"abc\" is not a session: give its number in the group (3 --group NAME, or NAME#3), or --id ID\n"
            ),
            (["plan", "--minutes"], "convene: --minutes: needs a value" + hint),
            (["plan"], "convene: --minutes: required" + hint),
            (["sessions", "show"], "convene: session: required" + hint),
            (
                ["plan", "--minutes", "60", "--focus", "fun"],
                "convene: --focus: 'fun' is not one of: collaboration, inclusion, engagement, learning, integrity\n"
            ),
        ]
        for (arguments, expected) in cases {
            let result = try sandbox.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == expected, "\(arguments)")
        }
    }
}
