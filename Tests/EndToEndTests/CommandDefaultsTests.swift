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

/// Issue 25: the config file from the command line, a first group named by a person, every
/// group-taking command defaulting the same way.
@Suite struct ConfigSetTests {
    @Test func configSetGetAndUnsetKeepTheRestOfTheFile() throws {
        let sandbox = Sandbox()
        try sandbox.writeConfig("# my settings\nlanguage: es   \n\n# the web\nweb: 127.0.0.1:8090\n")
        let set = try sandbox.run(["config", "set", "group", "Reading \"Coalition\" #1"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stderr.contains("no group") && set.stderr.contains("convene start creates it"), "\(set.stderr)")
        let changed = try sandbox.run(["config", "set", "language", "en"])
        #expect(changed.status == 0, "\(changed.stderr)")
        let text = try String(contentsOfFile: sandbox.configFile, encoding: .utf8)
        #expect(text == "# my settings\nlanguage: \"en\"\n\n# the web\nweb: 127.0.0.1:8090\ngroup: \"Reading \\\"Coalition\\\" #1\"\n", "\(text)")
        #expect(try sandbox.run(["config", "get", "group"]).stdout == "Reading \"Coalition\" #1\n")
        #expect(try sandbox.run(["config", "get", "language"]).stdout == "en\n")
        #expect(try sandbox.run(["config"]).stdout.contains("group     Reading \"Coalition\" #1  (\(sandbox.configFile):6)"))
        // Unset: the line goes, the default applies; a key with no default value is exit 1 on get.
        #expect(try sandbox.run(["config", "unset", "web"]).status == 0)
        #expect(!(try String(contentsOfFile: sandbox.configFile, encoding: .utf8)).contains("web:"))
        let unset = try sandbox.run(["config", "get", "library"])
        #expect(unset.status == 1 && unset.stdout.isEmpty && unset.stderr.contains("library is not set"), "\(unset.stderr)")
        // Bad input: one line naming the key, and the file untouched.
        let before = try String(contentsOfFile: sandbox.configFile, encoding: .utf8)
        for (arguments, says) in [
            (["config", "set", "colour", "on"], "unknown key \"colour\" (known: store, library"),
            (["config", "set", "color", "sometimes"], "color: 'sometimes' is not one of"),
            (["config", "set", "store", "relative.sqlite"], "store: must be an absolute path"),
        ] {
            let refused = try sandbox.run(arguments)
            #expect(
                refused.status == 2 && refused.stderr.contains(says) && refused.stderr.split(separator: "\n").count == 1,
                "\(arguments): \(refused.stderr)")
        }
        #expect(try String(contentsOfFile: sandbox.configFile, encoding: .utf8) == before)
        // A new file is the owner's alone: it may come to hold a network URL.
        let fresh = Sandbox()
        #expect(try fresh.run(["config", "set", "color", "off"]).status == 0)
        let mode = (try FileManager.default.attributesOfItem(atPath: fresh.configFile)[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o600, "\(String(mode, radix: 8))")
        #expect(try fresh.run(["config", "get", "color"]).stdout == "off\n")
    }

    @Test func aFirstSessionOnAnEmptyStoreNeedsItsGroupNamed() throws {
        let sandbox = Sandbox()
        let script = try sandbox.run(["start", "monthly-steering"], input: "/end\n")
        #expect(script.status == 2 && script.stderr.contains("the store has no group yet: name the group with --group NAME"), "\(script.stderr)")
        #expect(try sandbox.run(["groups"]).stdout.contains("No groups yet"))
        // The roster defaults like the rest: the group met most recently.
        #expect(try sandbox.run(["start", "monthly-steering", "--group", "Only"], input: "/seat Ana resident\n/end\n").status == 0)
        let roster = try sandbox.run(["roster"])
        #expect(roster.status == 0 && roster.stdout.contains("resident (1): Ana"), "\(roster.stdout)\(roster.stderr)")
        #expect(try sandbox.run(["roster", "add", "Ben", "funder"]).status == 0)
        #expect(try sandbox.run(["roster", "list"]).stdout.contains("funder (1): Ben"))
    }
}

/// Issue 28: a name the network's server would refuse is refused on the laptop, in words.
@Suite struct PublishNameTests {
    @Test func aGroupNameTooLongForTheNetworkIsRefusedBeforeConnecting() throws {
        let sandbox = Sandbox()
        let long = String(repeating: "Reading Coalition ", count: 14)
        #expect(try sandbox.run(["groups", "create", long]).status == 0)
        // Port 1 on 127.0.0.1: nothing listens, so only a refusal made before connecting is one line of words.
        let refused = try sandbox.run(["publish", "--group", long, "--network", "postgres://convene@127.0.0.1:1/network"])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("characters and a network takes at most 200: convene groups rename"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1)
    }
}
