import ConveneCore
import Foundation
import Testing

@testable import ConveneNetwork

/// Two tables' laptops (two stores) publish through the built `convene` with their own roles, and
/// the backbone's reader sees them side by side in every view; the report renders in Chromium.
@Suite struct NetworkBinaryTests {
    static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["CONVENE_BIN"] { return explicit }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [runner, runner.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("convene").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return Demo.repository + "/.build/debug/convene"
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs convene (or python3 with `python`) in `folder` with its own store and home.
    static func run(_ arguments: [String], folder: String, store: String = "store.sqlite", network: String? = nil, python: Bool = false) throws -> Run
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ? "/usr/bin/env" : binary)
        process.arguments = python ? ["python3"] + arguments : arguments
        var env = ProcessInfo.processInfo.environment
        env["CONVENE_STORE"] = folder + "/" + store
        env["XDG_STATE_HOME"] = folder + "/state"
        env["XDG_DATA_HOME"] = folder + "/data"
        env["HOME"] = folder
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "CONVENE_LIBRARY")
        if let network { env["CONVENE_NETWORK"] = network } else { env.removeValue(forKey: "CONVENE_NETWORK") }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: python ? Demo.repository + "/Tests/EndToEndTests/scripts" : folder)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func twoLaptopsPublishAndTheReportShowsThemSideBySide() throws {
        let network = try Network()
        let folder = NSTemporaryDirectory() + "convene-network-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let owner = network.cluster.socketURL(database: network.database)
        func convene(_ arguments: [String], store: String = "a.sqlite", as url: String? = nil) throws -> String {
            let result = try Self.run(arguments, folder: folder, store: store, network: url ?? owner)
            #expect(result.status == 0, "convene \(arguments.joined(separator: " ")): \(result.stderr)")
            return result.stdout
        }
        let community = "Community Table"
        _ = try convene(["demo"], store: "a.sqlite")
        _ = try convene(["generate-store", "--sessions", "20", "--answers", "9", "--group", community], store: "b.sqlite")
        _ = try convene(["network", "init"])
        _ = try convene(["network", "grant", DemoStory.groupName])
        _ = try convene(["network", "grant", community])
        let readerName = "backbone \(network.database)"
        #expect(try convene(["network", "reader", readerName]).contains("reads every table"))
        let namespace = try network.rows("SELECT convene_namespace()")[0]
        let reader = network.cluster.socketURL(database: network.database, user: NetworkSchema.readerRole(named: readerName, namespace: namespace))
        let roleA = NetworkSchema.writerRole(forTable: NetworkSchema.tableID(DemoStory.groupName), namespace: namespace)
        let roleB = NetworkSchema.writerRole(forTable: NetworkSchema.tableID(community), namespace: namespace)
        #expect(
            try convene(["publish"], store: "a.sqlite", as: network.cluster.socketURL(database: network.database, user: roleA)).contains("Published"))
        #expect(
            try convene(["publish"], store: "b.sqlite", as: network.cluster.socketURL(database: network.database, user: roleB)).contains("Published"))

        // tables (json): both, with their session counts.
        struct Row: Decodable {
            var name: String
            var sessions: Int
            var trust: Double?
        }
        let rows = try JSONDecoder().decode([Row].self, from: Data(try convene(["network", "tables", "--format", "json"], as: reader).utf8))
        #expect(rows.map(\.name) == [community, DemoStory.groupName])
        #expect(rows.map(\.sessions) == [20, Demo.history.sessions.count])
        #expect(rows.allSatisfy { $0.trust != nil })
        // trends (json): every session of both.
        let trends = try JSONDecoder().decode(
            NetworkOverview.self, from: Data(try convene(["network", "trends", "--format", "json"], as: reader).utf8))
        #expect(trends.tables.map(\.sessions.count) == [20, Demo.history.sessions.count])
        // text views name both tables and the demo's signals.
        let text = try convene(["network", "trends"], as: reader)
        #expect(text.contains(community) && text.contains(DemoStory.groupName) && text.contains("Trust"))
        #expect(try convene(["network", "signals"], as: reader).contains("trust-decline"))
        // The report, in Chromium and as markup.
        let report = folder + "/network.html"
        _ = try convene(["network", "report", "--out", report], as: reader)
        let browser = try Self.run(["network_report_browser.py", report, DemoStory.groupName, community], folder: folder, python: true)
        #expect(browser.status == 0, "\(browser.stdout)\(browser.stderr)")
        #expect(browser.stdout.contains("network report: 2 tables side by side"))
        let check = try Self.run(["check_html.py", report, folder + "/check.png"], folder: folder, python: true)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        // A table's role sees only itself; a view without a network says how to give one.
        #expect(try convene(["network", "tables"], as: network.cluster.socketURL(database: network.database, user: roleB)).contains("1 table"))
        let none = try Self.run(["network", "tables"], folder: folder, network: "")
        #expect(none.status == 2 && none.stderr.contains("CONVENE_NETWORK"))
    }
}
