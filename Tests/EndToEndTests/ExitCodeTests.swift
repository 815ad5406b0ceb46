import Foundation
import Testing

/// DESIGN.md's exit codes, through the built binary: each kind of error of each module ends convene
/// with the code its kind gives (2 bad usage or bad input, 1 failure), as one line on stderr, whether
/// it comes from a command, a scripted session or the home screen.
@Suite struct ExitCodeTests {
    struct Case: CustomStringConvertible, Sendable {
        var kind: String
        var arguments: [String]
        var input = ""
        var prepare: @Sendable (Sandbox) throws -> Void = { _ in }
        var status: Int32
        var says: String
        var description: String { kind }
    }

    static let cases: [Case] = [
        Case(kind: "the argument parser's", arguments: ["groups", "set", "G", "--threshold", "abc"], status: 2, says: "is not a valid value"),
        Case(kind: "CLIError usage", arguments: ["plan", "--minutes", "60", "--focus", "fun"], status: 2, says: "--focus: 'fun' is not one of"),
        Case(
            kind: "CLIError failure", arguments: ["plan", "--minutes", "60", "--out", "no-such-folder/plan.yaml"], status: 1, says: "could not write"),
        Case(
            kind: "CLIError already shown (lint)",
            arguments: ["activities", "lint", Sandbox.repository + "/Tests/ConveneCoreTests/Malformed/bad-kind.md"],
            status: 2, says: "problem"),
        Case(
            kind: "ConfigError", arguments: ["sessions", "list"], prepare: { try $0.writeConfig("color: sometimes\n") }, status: 2,
            says: "color: 'sometimes' is not one of"),
        Case(kind: "CoreError usage, in a script", arguments: ["start", "--group", "G"], input: "/nxet\n", status: 2, says: "did you mean /next?"),
        Case(kind: "CoreError refused, in a script", arguments: ["start", "--group", "G"], input: "/done 9\n", status: 2, says: "9"),
        Case(
            kind: "StoreError refused", arguments: ["groups", "rename", "G", "H"],
            prepare: { sandbox in
                for name in ["G", "H"] { _ = try sandbox.run(["groups", "create", name]) }
            }, status: 2, says: "already exists"),
        Case(
            kind: "StoreError failure", arguments: ["sessions", "list"],
            prepare: { try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: $0.store)) }, status: 1,
            says: "is not a readable Convene store"),
        // The store refuses one note under a running session, as a full or failing disk would.
        Case(
            kind: "SessionError store, in a script", arguments: ["start", "--group", "G"], input: "/note kept\n/note this is not kept\n",
            prepare: { sandbox in
                _ = try sandbox.run(["groups", "create", "G"])
                let sql =
                    "CREATE TRIGGER refuse BEFORE INSERT ON event WHEN NEW.payload LIKE '%not kept%' BEGIN SELECT RAISE(FAIL, 'disk I/O error'); END"
                try ExitCodeTests.execute(sql, in: sandbox.store)
            }, status: 1, says: "disk I/O error"),
        // An address of no interface here (TEST-NET-1): the page cannot be served. That is a failure, not bad input.
        Case(
            kind: "WebError failure, in a script", arguments: ["start", "--group", "G"], input: "/present 5\n/web on 192.0.2.1:8080\n", status: 1,
            says: "could not serve"),
        Case(
            kind: "CoreError usage for a bad address, in a script", arguments: ["start", "--group", "G"], input: "/web on 127.0.0.1:99999\n",
            status: 2, says: "/web on takes"),
        Case(
            kind: "NetworkError failure", arguments: ["network", "tables", "--network", "postgres://convene@127.0.0.1:1/db"], status: 1,
            says: "cannot reach"),
        Case(kind: "home screen, bad input", arguments: [], input: "/generate 90 --size none\n", status: 2, says: "--size needs a number"),
        Case(
            kind: "home screen of an empty store, /start", arguments: [], input: "/start\n", status: 2, says: "/group NAME creates one, then /start"),
        Case(
            kind: "home screen, a session it starts fails", arguments: [], input: "/group Exit codes\n/start\n/note kept\n/nxet\n", status: 2,
            says: "did you mean /next?"),
    ]

    /// One SQL statement on a store, from outside convene (python3's sqlite3, as the scripts use).
    static func execute(_ sql: String, in store: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", store, sql,
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test(arguments: cases) func eachKindEndsWithItsCode(_ entry: Case) throws {
        let sandbox = Sandbox()
        try entry.prepare(sandbox)
        let result = try sandbox.run(entry.arguments, input: entry.input)
        #expect(result.status == entry.status, "\(entry.kind): \(result.stderr)")
        #expect(result.stderr.contains(entry.says), "\(entry.kind): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("convene: ") }
        #expect(!lines.isEmpty, "\(entry.kind): \(result.stderr)")
    }
}
