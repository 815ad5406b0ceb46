import Foundation
import Testing

@Suite struct PlanCommandTests {
    @Test func aGeneratedPlanRunsAndTheSameSeedGivesTheSamePlan() throws {
        let sandbox = Sandbox()
        let first = try sandbox.run(["plan", "--minutes", "90", "--focus", "inclusion", "--seed", "7", "--out", "plan.yaml"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("convene start plan.yaml runs it"))
        let again = try sandbox.run(["plan", "--minutes", "90", "--focus", "inclusion", "--seed", "7"])
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
        let used: Set = ["since-we-last-met", "review-open-commitments", "small-wins-popcorn", "elephant-in-the-room", "decision-rights-check",
                         "commitments-round", "worth-your-time-checkout", "specific-appreciation"]
        for seed in 1...5 {
            let plan = try sandbox.run(["plan", "--minutes", "120", "--group", "G", "--seed", "\(seed)"])
            #expect(plan.status == 0, "\(plan.stderr)")
            // Agenda lines: "  - ID", "  - pulse: ID" or "  - {activity: ID, minutes: N}".
            let ids = plan.stdout.split(separator: "\n").filter { $0.hasPrefix("  - ") && !$0.contains("pulse:") }.map { line in
                String(line.dropFirst(4)).replacingOccurrences(of: "{activity: ", with: "").split(separator: ",").first.map(String.init) ?? ""
            }
            #expect(!ids.isEmpty)
            #expect(used.isDisjoint(with: ids), "seed \(seed) repeats \(used.intersection(ids))")
        }
    }

    @Test func impossibleOrBadRequestsAreOneLineWithExitTwo() throws {
        let sandbox = Sandbox()
        for arguments in [["plan", "--minutes", "0"], ["plan", "--minutes", "5"], ["plan", "--minutes", "60", "--focus", "fun"], ["plan", "--minutes", "60", "--group", "Nobody"]] {
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
        for arguments in [["activities", "list", "--intensity", "extreme"], ["sessions", "show", "abc"], ["trends", "--format", "pdf"], ["nonsense"]] {
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
            (["activities", "list", "--kind", "bogus"],
             "convene: --kind: 'bogus' is not one of: checkin, trust, vulnerability, conflict, inclusion, ownership, accountability, learning, checkout, energizer, pulse" + hint),
            (["activities", "list", "--intensity", "extreme"], "convene: --intensity: 'extreme' is not one of: low, medium, high" + hint),
            (["activities", "list", "--max-minutes", "-1"], "convene: --max-minutes: must be a positive number of minutes, got -1" + hint),
            (["trends", "--format", "pdf"], "convene: --format: 'pdf' is not one of: text, json, csv, html" + hint),
            (["sessions", "show", "abc"], "convene: id: 'abc' is not a valid value" + hint),
            (["plan", "--minutes"], "convene: --minutes: needs a value" + hint),
            (["plan"], "convene: --minutes: required" + hint),
            (["sessions", "show"], "convene: id: required" + hint),
            (["plan", "--minutes", "60", "--focus", "fun"],
             "convene: --focus: 'fun' is not one of: collaboration, inclusion, engagement, learning, integrity\n"),
        ]
        for (arguments, expected) in cases {
            let result = try sandbox.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == expected, "\(arguments)")
        }
    }
}
