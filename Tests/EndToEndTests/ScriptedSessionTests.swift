import Foundation
import Testing

@Suite struct ScriptedSessionTests {
    @Test func aWholeSessionThroughPipedStdinIsKeptAndShownLater() throws {
        let sandbox = Sandbox()
        let script = """
            We arrived tired but present
            /next
            /note the trust pulse waits for phones
            /skip
            Naming the funding elephant took courage
            /agenda
            /goto 5
            /back
            /end

            """
        let session = try sandbox.run(["start", "monthly-steering", "--group", "Reading Coalition"], input: script)
        #expect(session.status == 0, "stderr: \(session.stderr)")
        #expect(session.stderr.isEmpty)
        #expect(!session.stdout.contains("convene["), "no prompt when stdin is not a terminal")
        #expect(session.stdout.contains("## Notes"))

        let list = try sandbox.run(["sessions", "list"])
        #expect(list.stdout.contains("Reading Coalition"))
        #expect(list.stdout.contains("ended"))

        let shown = try sandbox.run(["sessions", "show", "1", "--format", "json"])
        #expect(shown.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as! [String: Any]
        #expect(document["status"] as? String == "ended")
        let agenda = document["agenda"] as! [[String: Any]]
        let notes = agenda.flatMap { $0["notes"] as! [String] }
        #expect(notes == ["We arrived tired but present", "the trust pulse waits for phones", "Naming the funding elephant took courage"])
        #expect(agenda.filter { $0["skipped"] as? Bool == true }.count == 1)

        let markdown = try sandbox.run(["sessions", "show", "1", "--format", "md"])
        for note in notes { #expect(markdown.stdout.contains("- \(note)")) }
    }

    @Test func theShippedLibraryIsFoundFromAnyDirectory() throws {
        let sandbox = Sandbox()
        let result = try sandbox.run(["activities", "list"], directory: "/")
        #expect(result.status == 0)
        #expect(result.stdout.contains("one-word-arrival"))
    }

    @Test func resumeContinuesAnOpenSession() throws {
        let sandbox = Sandbox()
        let first = try sandbox.run(["start", "monthly-steering", "--group", "Steering"], input: "first note\n/next\n/quit\n")
        #expect(first.status == 0)
        let again = try sandbox.run(["start", "monthly-steering"], input: "")
        #expect(again.status == 2)
        #expect(again.stderr.contains("still open"))
        let resumed = try sandbox.run(["resume"], input: "second note\n/end\n")
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stdout.contains("Resumed"))
        #expect(resumed.stdout.contains("- first note"))
        #expect(resumed.stdout.contains("- second note"))
        let nothing = try sandbox.run(["resume"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.hasPrefix("convene: no session to resume"))
    }
}

@Suite struct BadInputTests {
    /// Each bad line: one line on stderr, exit 2, and the session is intact and resumable.
    @Test(arguments: [
        ("/frobnicate\n", "unknown command /frobnicate"),
        ("/goto 99\n", "/goto takes a step from 1 to"),
        ("a 1 MB line", "line too long"),
    ])
    func aBadLineIsOneErrorAndNothingIsLost(_ line: String, _ message: String) throws {
        // The 1 MB line is built here so the test's name stays readable.
        let bad = line == "a 1 MB line" ? String(repeating: "x", count: 1_048_576) + "\n" : line
        let sandbox = Sandbox()
        let result = try sandbox.run(["start", "monthly-steering", "--group", "G"], input: "kept note\n" + bad + "never read\n")
        #expect(result.status == 2)
        let errorLines = result.stderr.split(separator: "\n")
        #expect(errorLines.count == 1)
        #expect(errorLines.first?.hasPrefix("convene: \(message)") == true, "got: \(result.stderr.prefix(200))")
        let resumed = try sandbox.run(["resume"], input: "/end\n")
        #expect(resumed.status == 0)
        #expect(resumed.stdout.contains("- kept note"))
        #expect(!resumed.stdout.contains("never read"))
    }

    @Test func invalidUTF8IsRefusedInOneLine() throws {
        let sandbox = Sandbox()
        var input = Data("kept note\n".utf8)
        input.append(contentsOf: [0x62, 0x61, 0x64, 0xFF, 0xFE, 0x0A])
        let result = try sandbox.run(["start", "monthly-steering", "--group", "G"], input: input)
        #expect(result.status == 2)
        #expect(result.stderr == "convene: input line 2 is not valid UTF-8 text: nothing was saved from it\n")
        let resumed = try sandbox.run(["resume"], input: "/end\n")
        #expect(resumed.stdout.contains("- kept note"))
    }

    @Test func unknownPlanAndBadOptionsExitTwo() throws {
        let sandbox = Sandbox()
        let plan = try sandbox.run(["start", "no-such-plan"])
        #expect(plan.status == 2)
        #expect(plan.stderr.hasPrefix("convene: no plan \"no-such-plan\""))
        let option = try sandbox.run(["sessions", "show", "abc"])
        #expect(option.status == 2)
        let missing = try sandbox.run(["sessions", "show", "42"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("session 42"))
    }

    @Test func everyCommandHasHelp() throws {
        let sandbox = Sandbox()
        for command in [[], ["start"], ["resume"], ["sessions"], ["sessions", "show"], ["activities"], ["activities", "lint"]] {
            let result = try sandbox.run(command + ["--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("USAGE"))
        }
    }
}
