import Foundation
import Testing

/// The config file ($XDG_CONFIG_HOME/convene/config.yaml): checked before any command runs, and
/// below the flags and the environment.
@Suite struct ConfigurationTests {
    @Test func aBadKeyValueOrFileStopsEveryCommandWithItsLineAndExitTwo() throws {
        let sandbox = Sandbox()
        let cases: [(String, String)] = [
            ("group: G\nbogus: 1\n", ":2: bogus: unknown key (known: store, library, group, language, web, color, network)"),
            ("# colour\ncolor: sometimes\n", ":2: color: 'sometimes' is not one of: on, off, auto"),
            ("language: fr\n", ":1: language: 'fr' is not one of: en, es"),
            ("web: 127.0.0.1:notaport\n", ":1: web: must be ADDRESS[:PORT], like 192.168.1.20:8080 (got 127.0.0.1:notaport)"),
            ("store: relative/store.sqlite\n", ":1: store: must be an absolute path or start with ~/"),
            ("network: mysql://x\n", ":1: network: bad network URL: it is not a postgres:// URL"),
            ("group: G\nlanguage: [en, es]\n", ":2: language: expected a single value"),
            ("group: \"unclosed\n", ": not valid YAML"),
        ]
        for (text, expected) in cases {
            try sandbox.writeConfig(text)
            let result = try sandbox.run(["sessions", "list"])
            #expect(result.status == 2, "\(text)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(text): \(result.stderr)")
            #expect(result.stderr.hasPrefix("convene: \(sandbox.configFile)"), "\(text): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(text): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        // Help still works, to find out what to write.
        let help = try sandbox.run(["config", "--help"])
        #expect(help.status == 0)
        for key in ["store:", "library:", "group:", "language:", "web:", "color:", "network:"] { #expect(help.stdout.contains(key), "\(key)") }
    }

    @Test func aFlagWinsOverTheEnvironmentWhichWinsOverTheFile() throws {
        let sandbox = Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.folder + "/a", withIntermediateDirectories: true)
        try sandbox.writeConfig("# set once\nstore: \(sandbox.folder)/a/file.sqlite\nweb: 127.0.0.1:8091\ncolor: off\n")
        sandbox.overrides["CONVENE_STORE"] = .some(nil)
        let fromFile = try sandbox.run(["config"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("config file: \(sandbox.configFile)\n"), "\(fromFile.stdout)")
        #expect(fromFile.stdout.contains("\(sandbox.folder)/a/file.sqlite  (\(sandbox.configFile):2)"), "\(fromFile.stdout)")
        #expect(fromFile.stdout.contains("web       127.0.0.1:8091  (\(sandbox.configFile):3)"), "\(fromFile.stdout)")
        #expect(fromFile.stdout.contains("color     off  (NO_COLOR)"), "\(fromFile.stdout)")
        #expect(fromFile.stdout.contains("language  en  (default)"), "\(fromFile.stdout)")

        sandbox.overrides["CONVENE_STORE"] = sandbox.folder + "/a/env.sqlite"
        sandbox.overrides["CONVENE_WEB_BIND"] = "127.0.0.1:8092"
        let fromEnvironment = try sandbox.run(["config"])
        #expect(fromEnvironment.stdout.contains("\(sandbox.folder)/a/env.sqlite  (CONVENE_STORE)"), "\(fromEnvironment.stdout)")
        #expect(fromEnvironment.stdout.contains("127.0.0.1:8092  (CONVENE_WEB_BIND)"), "\(fromEnvironment.stdout)")

        let fromFlag = try sandbox.run(["config", "--store", sandbox.folder + "/a/flag.sqlite", "--no-color"])
        #expect(fromFlag.stdout.contains("\(sandbox.folder)/a/flag.sqlite  (--store)"), "\(fromFlag.stdout)")
        #expect(fromFlag.stdout.contains("color     off  (--no-color)"), "\(fromFlag.stdout)")

        // The store really used is the one shown.
        let created = try sandbox.run(["groups", "create", "From the flag", "--store", sandbox.folder + "/a/flag.sqlite"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: sandbox.folder + "/a/flag.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.folder + "/a/env.sqlite"))
    }

    @Test func theFilesGroupAndLanguageAreTheDefaultsOfStartAndTheReviews() throws {
        let sandbox = Sandbox()
        try sandbox.writeConfig("group: Reading Coalition\nlanguage: es\n")
        let session = try sandbox.run(["start", "monthly-steering"], input: "/end\n")
        #expect(session.status == 0, "\(session.stderr)")
        let shown = try sandbox.run(["groups", "show", "Reading Coalition"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("pass rounds in Español"), "\(shown.stdout)")
        // --group wins over the file.
        let other = try sandbox.run(["start", "monthly-steering", "--group", "Other"], input: "/end\n")
        #expect(other.status == 0, "\(other.stderr)")
        let signals = try sandbox.run(["signals", "--format", "json"])
        #expect(signals.status == 0, "\(signals.stderr)")
        let list = try sandbox.run(["sessions", "list"])
        #expect(list.stdout.contains("Reading Coalition") && list.stdout.contains("Other"), "\(list.stdout)")
        // A group from the file that the store does not have says where the name came from.
        try sandbox.writeConfig("group: Readng Coalition\n")
        let typo = try sandbox.run(["trends"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("no group \"Readng Coalition\"") && typo.stderr.contains("from \(sandbox.configFile):1"), "\(typo.stderr)")
    }

    // The HTML report for a steering committee names its group: with two groups and none named it is
    // refused, and the config file's group names it as --group would.
    @Test func theHTMLReportTakesItsGroupFromTheFileAsFromTheFlag() throws {
        let sandbox = Sandbox()
        for name in ["Reading Coalition", "Housing Table"] {
            #expect(try sandbox.run(["start", "monthly-steering", "--group", name], input: "/end\n").status == 0)
        }
        let unnamed = try sandbox.run(["trends", "--format", "html"])
        #expect(unnamed.status == 2 && unnamed.stderr.contains("pass --group NAME"), "\(unnamed.stderr)")
        try sandbox.writeConfig("group: Reading Coalition\n")
        let fromFile = try sandbox.run(["trends", "--format", "html"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("Reading Coalition") && !fromFile.stdout.contains("Housing Table"))
    }

    @Test func colourOnInTheFileColoursPipedOutputButNoColorStillWins() throws {
        let sandbox = Sandbox()
        try sandbox.writeConfig("color: on\n")
        sandbox.overrides["NO_COLOR"] = .some(nil)
        let coloured = try sandbox.run(["start", "monthly-steering", "--group", "G"], input: "/end\n")
        #expect(coloured.status == 0, "\(coloured.stderr)")
        #expect(coloured.stdout.contains("\u{1B}["), "\(coloured.stdout.prefix(200))")
        sandbox.overrides["NO_COLOR"] = "1"
        let plain = try sandbox.run(["start", "monthly-steering", "--group", "G"], input: "/end\n")
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("\u{1B}["))
    }
}

/// A --store in a folder that does not exist is a typo, not a new store; the default store's
/// folder is made as before.
@Suite struct StorePathTests {
    @Test func aStoreInAMissingFolderIsRefusedAndNothingIsCreated() throws {
        let sandbox = Sandbox()
        let typo = sandbox.folder + "/stroes/convene.sqlite"
        for arguments in [
            ["start", "--store", typo, "--group", "G"], ["groups", "create", "G", "--store", typo], ["sessions", "list", "--store", typo],
        ] {
            let result = try sandbox.run(arguments, input: "/end\n")
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr == "convene: store \(typo) (from --store): there is no folder \(sandbox.folder)/stroes\n", "\(arguments)")
        }
        sandbox.overrides["CONVENE_STORE"] = typo
        let fromEnvironment = try sandbox.run(["groups", "create", "G"])
        #expect(fromEnvironment.status == 2)
        #expect(fromEnvironment.stderr.contains("(from CONVENE_STORE)"), "\(fromEnvironment.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.folder + "/stroes"))
    }

    @Test func theDefaultStoreIsCreatedWithItsFolders() throws {
        let sandbox = Sandbox()
        sandbox.overrides["CONVENE_STORE"] = .some(nil)
        let result = try sandbox.run(["groups", "create", "G"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: sandbox.folder + "/data/convene/convene.sqlite"))
    }
}
