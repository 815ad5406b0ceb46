import Foundation
import Testing

/// The anonymity threshold holds in /results, the Markdown summary, the JSON and sessions show.
@Suite struct PulseThresholdTests {
    func session(answers: [String]) throws -> (Sandbox, Sandbox.Result) {
        let sandbox = Sandbox()
        let input =
            ["/present 8", "/pulse trust-at-this-table", "/results", "/pass", "closeword"] + answers + ["closeword", "/close", "/results", "/end"]
        let result = try sandbox.run(["start", "monthly-steering", "--group", "G"], input: input.joined(separator: "\n") + "\n")
        return (sandbox, result)
    }

    @Test func fourAnswersShowOnlyTheCount() throws {
        let (sandbox, result) = try session(answers: ["1 we never talk about money", "2", "4", "5"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("0 answers from 8 present so far. Results appear only after /close"))
        #expect(result.stdout.contains("4 answers from 8 present. Nothing more is shown below 5 answers"))
        #expect(!result.stdout.contains("· mean"))
        #expect(!result.stdout.contains("money"))
        for format in ["md", "json", "text"] {
            let shown = try sandbox.run(["sessions", "show", "1", "--format", format])
            #expect(!shown.stdout.contains("money"), "\(format)")
            #expect(!shown.stdout.contains("· mean"), "\(format)")
            #expect(!shown.stdout.contains("distribution"), "\(format)")
        }
        let json = try sandbox.run(["sessions", "show", "1", "--format", "json"])
        let pulses = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any])["pulses"] as! [[String: Any]]
        #expect(pulses.first?["count"] as? Int == 4)
        #expect(pulses.first?["revealed"] as? Bool == false)
    }

    @Test func fiveAnswersShowEverything() throws {
        let (sandbox, result) = try session(answers: ["1 we never talk about money", "2", "4", "5", "5 good"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("5 answers from 8 present · mean 3.40 · median 4.00 · sd 1.82"))
        #expect(result.stdout.contains("we never talk about money"))
        let json = try sandbox.run(["sessions", "show", "1", "--format", "json"])
        let pulses = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any])["pulses"] as! [[String: Any]]
        #expect(pulses.first?["revealed"] as? Bool == true)
        #expect(abs((pulses.first?["mean"] as? Double ?? 0) - 3.4) < 1e-12)
        let markdown = try sandbox.run(["sessions", "show", "1", "--format", "md"])
        #expect(markdown.stdout.contains("mean 3.40"))
        #expect(markdown.stdout.contains("- we never talk about money"))
    }

    @Test func badAnswersAreAskedAgainAndOnlyTheCloseWordEndsTheRound() throws {
        let (_, result) = try session(answers: ["/close", "9", "maybe", "3", "4"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("Round closed: 2 answers in this round"))
    }

    @Test func thresholdIsTheGroupsSetting() throws {
        let sandbox = Sandbox()
        #expect(try sandbox.run(["groups", "create", "Small", "--threshold", "3"]).status == 0)
        let input = [
            "/present 3", "/pulse \"How clear is our plan?\" --scale 1-5", "/pass", "closeword", "2", "3", "4", "closeword", "/close", "/end",
        ]
        let result = try sandbox.run(["start", "monthly-steering", "--group", "Small"], input: input.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("3 answers from 3 present · mean 3.00"))
    }
}
