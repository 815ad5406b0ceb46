import Foundation
import Testing

/// Signals, trends, the HTML report and exports, through the real binary on the demo history.
@Suite struct DynamicsTests {
    func python(_ script: String, _ arguments: [String]) throws -> Sandbox.Result {
        try Sandbox().python("scripts/\(script)", arguments, passBinary: false)
    }

    @Test func theDemoShowsAtLeastSixSignalsWithEvidenceAndRecommendations() throws {
        let sandbox = Sandbox()
        let demo = try sandbox.run(["demo"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let again = try sandbox.run(["demo"])
        #expect(again.stdout.contains("already in this store"))
        let text = try sandbox.run(["signals", "--group", "Demo Collaborative"])
        #expect(text.status == 0)
        // Issue 24: the demo's rooms of 10–20 are too small for some tests (trust by segment, ownership,
        // airtime), which say "too few to tell" at INFO; five fire with evidence.
        let headings = text.stdout.split(separator: "\n").filter { $0.hasPrefix("[ACT]") || $0.hasPrefix("[WATCH]") }
        let info = text.stdout.split(separator: "\n").filter { $0.hasPrefix("[INFO]") }
        #expect(headings.count >= 5, "\(text.stdout)")
        #expect(info.contains { $0.contains("Too few to tell") })
        #expect(text.stdout.components(separatedBy: "Try: ").count - 1 == headings.count + info.count)
        let json = try sandbox.run(["signals", "--group", "Demo Collaborative", "--format", "json"])
        let signals = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        #expect(signals.count >= 5)
        for signal in signals {
            #expect(!(signal["evidence"] as! [String]).isEmpty)
            #expect(!(signal["recommendations"] as! [Any]).isEmpty)
        }
        let trends = try sandbox.run(["trends"])
        #expect(trends.stdout.contains("trust"))
        #expect(trends.stdout.contains("·"), "the below-threshold session shows as a gap")
    }

    @Test func exportedNumbersAgreeWithPythonsStatisticsModule() throws {
        let sandbox = Sandbox()
        #expect(try sandbox.run(["demo"]).status == 0)
        #expect(try sandbox.run(["export", "--format", "csv", "--out", "export.csv"]).status == 0)
        let signals = try sandbox.run(["signals", "--format", "json"])
        try signals.stdout.write(toFile: sandbox.folder + "/signals.json", atomically: true, encoding: .utf8)
        let check = try python("check_export.py", [sandbox.folder + "/export.csv", sandbox.folder + "/signals.json"])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("all export numbers agree"))
        #expect(check.stdout.contains("trust-decline slope: 1 checked"))
        let json = try sandbox.run(["export", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((document["sessions"] as! [Any]).count == 12)
    }

    @Test func theHTMLReportIsWellFormedAndRenders() throws {
        let sandbox = Sandbox()
        #expect(try sandbox.run(["demo"]).status == 0)
        let report = try sandbox.run(["trends", "--format", "html", "--out", "report.html"])
        #expect(report.status == 0)
        let html = try String(contentsOfFile: sandbox.folder + "/report.html", encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(html.contains("<desc"))
        #expect(html.contains("Open conflicts"))
        let check = try python("check_html.py", [sandbox.folder + "/report.html", sandbox.folder + "/report.png"])
        #expect(check.status == 0, "\(check.stdout)")
    }

    /// Four answers with a traceable comment: nothing but the count reaches any review surface.
    @Test func theThresholdHoldsInTrendsReportAndExports() throws {
        let sandbox = Sandbox()
        let input = [
            "/present 6", "/pulse trust-at-this-table", "/pass", "closeword", "1 SECRET-COMMENT-XYZ", "2", "2", "2", "closeword", "/close", "/end",
        ]
        #expect(try sandbox.run(["start", "monthly-steering", "--group", "G"], input: input.joined(separator: "\n") + "\n").status == 0)
        for arguments in [
            ["trends", "--format", "json"], ["trends", "--format", "csv"], ["trends", "--format", "html"], ["trends"],
            ["export", "--format", "json"], ["export", "--format", "csv"], ["signals", "--format", "json"],
        ] {
            let result = try sandbox.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(!result.stdout.contains("SECRET-COMMENT"), "\(arguments)")
            #expect(!result.stdout.contains("1.75"), "\(arguments): the mean of the hidden answers leaked")
        }
        let export = try sandbox.run(["export", "--format", "json"])
        let sessions = (try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as! [String: Any])["sessions"] as! [[String: Any]]
        let pulse = (sessions[0]["pulses"] as! [[String: Any]])[0]
        #expect(pulse["count"] as? Int == 4)
        #expect(pulse["revealed"] as? Bool == false)
        #expect(pulse["values"] == nil)
    }
}
