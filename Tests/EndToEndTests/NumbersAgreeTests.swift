import Foundation
import Testing

/// The same number on every surface: a conflict's age, a commitment's due session, session
/// numbers within a group, and what an export carries.
@Suite struct NumbersAgreeTests {
    /// "open for N sessions" for each conflict, from any text.
    func ages(_ text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "open for [0-9]+ sessions?")
        return Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) })
    }

    @Test func aConflictIsTheSameAgeInSignalsGroupsShowAndTheReport() throws {
        let sandbox = Sandbox()
        #expect(try sandbox.run(["demo"]).status == 0)
        let signals = try sandbox.run(["signals", "--group", "Demo Collaborative"]).stdout
        let shown = try sandbox.run(["groups", "show", "Demo Collaborative"]).stdout
        #expect(try sandbox.run(["trends", "--group", "Demo Collaborative", "--format", "html", "--out", "r.html"]).status == 0)
        let report = try String(contentsOfFile: sandbox.folder + "/r.html", encoding: .utf8)
        let aging = ages(signals)
        #expect(!aging.isEmpty, "\(signals)")
        #expect(!signals.contains("sessions later"))
        #expect(aging.isSubset(of: ages(shown)), "signals \(aging) · groups show \(ages(shown))")
        #expect(aging.isSubset(of: ages(report)), "signals \(aging) · report \(ages(report))")
    }

    @Test func aNextSessionCommitmentIsDueAtTheNextSessionAndOverdueAfter() throws {
        let sandbox = Sandbox()
        let make = try sandbox.run(
            ["start", "monthly-steering", "--group", "G"], input: "/commit Ana: send the draft by next-session\n/commitments\n/end\n")
        #expect(make.stdout.contains("Ana: send the draft · due next session"), "\(make.stdout)")
        let second = try sandbox.run(["start", "monthly-steering", "--group", "G"], input: "/commitments\n/end\n")
        #expect(second.stdout.contains("Ana: send the draft · due this session"), "\(second.stdout)")
        let third = try sandbox.run(["start", "monthly-steering", "--group", "G"], input: "/commitments\n/end\n")
        #expect(third.stdout.contains("Ana: send the draft · overdue since session 2, carried 2 sessions"), "\(third.stdout)")
        #expect(!third.stdout.contains("was due this session"))
    }

    @Test func sessionNumbersAreTheGroupsOwnAndShowStaysInTheGroup() throws {
        let sandbox = Sandbox()
        // Alternating groups: store ids 1, 3 belong to A; 2, 4 to B.
        for group in ["Alpha Table", "Beta Circle", "Alpha Table", "Beta Circle"] {
            let note = "a note for \(group)"
            #expect(try sandbox.run(["start", "monthly-steering", "--group", group], input: "\(note)\n/end\n").status == 0)
        }
        let banner = try sandbox.run(["start", "monthly-steering", "--group", "Alpha Table"], input: "/end\n")
        #expect(banner.stdout.contains("session 3"), "\(banner.stdout)")
        let home = try sandbox.run([], input: "/group Beta Circle\n/sessions\n/show 2\n/quit\n")
        #expect(home.status == 0, "\(home.stderr)")
        let rows = home.stdout.split(separator: "\n").filter { $0.hasPrefix("     ") && $0.contains("Beta Circle ·") }
        #expect(rows.count == 2)
        #expect(rows.first?.hasPrefix("     1  ") == true, "\(rows)")
        #expect(rows.last?.hasPrefix("     2  ") == true, "\(rows)")
        #expect(home.stdout.contains("Beta Circle · session 2"), "the summary of B's second session (id 4)")
        #expect(home.stdout.contains("a note for Beta Circle"))
        #expect(!home.stdout.contains("a note for Alpha Table"))
        let missing = try sandbox.run([], input: "/group Beta Circle\n/show 3\n")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Beta Circle has no session 3"))

        let list = try sandbox.run(["sessions", "list", "--format", "json"])
        let listed = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(listed.map { $0["id"] as! Int } == [1, 2, 3, 4, 5])
        #expect(listed.map { $0["number"] as! Int } == [1, 1, 2, 2, 3])
        let export = try sandbox.run(["export", "--group", "Beta Circle", "--format", "json"])
        let sessions = (try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as! [String: Any])["sessions"] as! [[String: Any]]
        #expect(sessions.map { $0["id"] as! Int } == [2, 4])
        #expect(sessions.map { $0["number"] as! Int } == [1, 2])
        // One numbering (issue 25): the group's own number, or the store's id with --id.
        for arguments in [["Beta Circle#2"], ["2", "--group", "Beta Circle"], ["4", "--id"]] {
            let markdown = try sandbox.run(["sessions", "show"] + arguments + ["--format", "md"])
            #expect(markdown.stdout.contains("Session 2 (id 4)"), "\(arguments): \(markdown.stdout)")
        }
        // Alpha and Beta both have a session 2: the number alone is refused with both.
        let ambiguous = try sandbox.run(["sessions", "show", "2"])
        #expect(
            ambiguous.status == 2 && ambiguous.stderr.contains("session 2 is ambiguous") && ambiguous.stderr.contains("(id 4)"), "\(ambiguous.stderr)"
        )
        // Only Alpha has a session 3: the number alone finds it.
        #expect(try sandbox.run(["sessions", "show", "3"]).stdout.contains("Alpha Table · session 3"))
    }

    @Test func theHTMLReportNamesItsGroupWhenThereAreSeveral() throws {
        let sandbox = Sandbox()
        for group in ["Alpha Table", "Beta Circle"] {
            #expect(try sandbox.run(["start", "monthly-steering", "--group", group], input: "/end\n").status == 0)
        }
        let refused = try sandbox.run(["trends", "--format", "html"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("pass --group NAME (\"Alpha Table\", \"Beta Circle\")"), "\(refused.stderr)")
        #expect(try sandbox.run(["trends", "--format", "html", "--group", "Beta Circle"]).status == 0)
        #expect(try sandbox.run(["trends"]).status == 0, "the terminal form keeps the latest group")
    }

    @Test func theExportCarriesTrafficLightsWordsNotesAndAgreements() throws {
        let sandbox = Sandbox()
        let script = [
            "Naming the funding elephant, took courage", "/agree we start on time", "/agree phones away", "/retire 2",
            "/present 6", "/pulse arrival-weather", "/pass", "closeword", "green", "green", "green", "yellow", "yellow", "red", "closeword", "/close",
            "/pulse three-words-for-this-group", "/pass", "closeword", "honest but tired", "honest y cansado", "tired honest", "the honest",
            "pero honest", "closeword", "/close",
            "/pulse arrival-weather", "/pass", "closeword", "green", "red", "closeword", "/close",
            "/end",
        ]
        let session = try sandbox.run(["start", "monthly-steering", "--group", "G"], input: script.joined(separator: "\n") + "\n")
        #expect(session.status == 0, "\(session.stderr)")
        #expect(session.stdout.contains("honest │"))
        #expect(
            !session.stdout.contains("but │") && !session.stdout.contains("pero │") && !session.stdout.contains(" y │"),
            "filler words are not counted")

        let json = try sandbox.run(["export", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let exported = (document["sessions"] as! [[String: Any]])[0]
        #expect(exported["notes"] as? [String] == ["Naming the funding elephant, took courage"])
        let pulses = exported["pulses"] as! [[String: Any]]
        func counts(_ pulse: [String: Any]) -> [String: Int]? {
            (pulse["counts"] as? [[String: Any]]).map { Dictionary(uniqueKeysWithValues: $0.map { ($0["label"] as! String, $0["count"] as! Int) }) }
        }
        #expect(counts(pulses[0]) == ["green": 3, "yellow": 2, "red": 1])
        #expect(counts(pulses[1]) == ["honest": 5, "tired": 2, "cansado": 1])
        #expect(pulses[2]["revealed"] as? Bool == false)
        #expect(pulses[2]["counts"] == nil, "two answers: below k, nothing but the count")
        let agreements = document["agreements"] as! [[String: Any]]
        #expect(agreements.map { $0["text"] as! String } == ["we start on time", "phones away"])
        #expect(agreements[0]["retired"] == nil && agreements[1]["retired"] != nil)

        let csv = try sandbox.run(["export", "--format", "csv"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix(",session_number"))
        #expect(lines.contains { $0.hasPrefix("traffic,1,") && $0.contains(",green,3,") })
        #expect(lines.contains { $0.hasPrefix("traffic,1,") && $0.contains(",red,1,") })
        #expect(lines.contains { $0.hasPrefix("word,1,") && $0.contains(",honest,5,") })
        #expect(!lines.contains { $0.hasPrefix("word,") && ($0.contains(",but,") || $0.contains(",pero,") || $0.contains(",y,")) })
        #expect(lines.contains { $0.hasPrefix("note,1,") && $0.contains("\"Naming the funding elephant, took courage\"") })
        #expect(lines.contains { $0.hasPrefix("agreement,,") && $0.contains(",we start on time,,1,") })
        #expect(lines.filter { $0.hasPrefix("traffic,") }.count == 3, "the pulse below k has no counts")
        #expect(!lines.contains { $0.hasPrefix("answer,") && $0.contains(",3,") && $0.contains("arrival") })
    }
}
