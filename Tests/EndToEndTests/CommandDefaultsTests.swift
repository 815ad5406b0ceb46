import Foundation
import Testing

/// Issue 25: commands that did not default, or pointed at commands that do not exist.
@Suite struct CommandDefaultsTests {
    @Test func exportDefaultsToJSONAndPlansAndConfigNameWhatTheyMean() throws {
        let sandbox = Sandbox()
        let ended = try sandbox.run(["start", "monthly-steering", "--group", "Defaults"], input: "/end\n")
        #expect(ended.status == 0)
        // /end says where the summary is, by the number its banner said, and that command finds it.
        #expect(ended.stdout.contains("Saved: convene sessions show 1 --group \"Defaults\""), "\(ended.stdout.suffix(300))")
        #expect(try sandbox.run(["sessions", "show", "1", "--group", "Defaults"]).stdout.contains("Defaults · session 1"))
        // No --format: JSON on a pipe.
        let json = try sandbox.run(["export", "--group", "Defaults"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil)
        // --out FILE.csv: CSV, and where it wrote.
        let csv = try sandbox.run(["export", "--group", "Defaults", "--out", sandbox.folder + "/defaults.csv"])
        #expect(csv.status == 0 && csv.stderr.contains("wrote"), "\(csv.stderr)")
        #expect(try String(contentsOfFile: sandbox.folder + "/defaults.csv", encoding: .utf8).hasPrefix("record,session,"))
        let plans = try sandbox.run(["plans"])
        #expect(plans.status == 0 && plans.stdout.contains("monthly-steering") && plans.stdout.contains("steering-committee"))
        #expect(try sandbox.run(["start", "--help"]).stdout.contains("convene plans lists them"))
        #expect(try sandbox.run(["config"]).stdout.contains("the group met most recently: Defaults"))
    }
}
