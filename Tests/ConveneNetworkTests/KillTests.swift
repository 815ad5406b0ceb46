import ConveneCore
import ConveneStore
import Foundation
import Testing

@testable import ConveneNetwork

/// The built `convene publish` killed with SIGKILL at 50 random moments: the server then holds exactly
/// the state before or the state after, never a mix, and the laptop's store is as it was.
@Suite struct KillTests {
    static var binary: String? {
        if let explicit = ProcessInfo.processInfo.environment["CONVENE_BIN"] { return explicit }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [runner, runner.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("convene").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Starts a program with no input and its output thrown away; the caller kills and reaps it.
    static func spawn(_ argv: [String], environment: [String: String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in cArguments + cEnvironment { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, &cEnvironment)
        guard spawned == 0 else { throw TestCluster.ClusterError(message: "\(argv[0]): \(String(cString: strerror(spawned)))") }
        return pid
    }

    static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    @Test func killNineLeavesTheOldOrTheNewState() async throws {
        let binary = try #require(Self.binary, "the built convene binary is next to the test runner (swift build --build-tests builds it)")
        let (network, _, role) = try await PublishTests.demoNetwork()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convene-kill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let storePath = folder + "/store.sqlite"
        let store = try AppDatabase.open(path: storePath)
        let group = try store.createGroup(named: DemoStory.groupName, at: Date(timeIntervalSince1970: 1_764_000_000))
        try store.importSessions(DemoStory(library: Demo.library).sessions(), group: group)
        try store.checkpoint()
        let localBefore = try store.history(groupId: group.id!)

        // The old state: the same table published under a stricter k (fewer pulses, other signals).
        var stricter = localBefore
        stricter.threshold = 8
        let groupID = group.networkId
        func publishOld() async throws { _ = try await network.publish(as: role, history: stricter, groupID: groupID) }
        try await publishOld()
        let old = try network.content()

        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder
        environment["NO_COLOR"] = "1"
        environment["XDG_STATE_HOME"] = folder + "/state"
        environment.removeValue(forKey: "CONVENE_NETWORK")
        environment.removeValue(forKey: "PGPASSWORD")
        let argv = [binary, "publish", "--store", storePath, "--network", network.cluster.socketURL(database: network.database, user: role)]

        // How long a whole publish takes here (a busy machine starts the binary slowly): the kills
        // fall anywhere in that span, so some land inside the open transaction.
        let clock = ContinuousClock()
        let whole = try clock.measure {
            let status = Self.reap(try Self.spawn(argv, environment: environment))
            #expect(status == 0)
        }
        try await publishOld()
        let span = max(50, Int(whole.components.seconds * 1000 + whole.components.attoseconds / 1_000_000_000_000_000))

        var seen: [[String: [String]]] = []
        var killedAt: [Int] = []
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let pid = try Self.spawn(argv, environment: environment)
            let delay = Int.random(in: 0...span, using: &generator)
            usleep(useconds_t(delay * 1000))
            kill(pid, SIGKILL)
            _ = Self.reap(pid)
            killedAt.append(delay)
            seen.append(try network.content())
            try await publishOld()
            #expect(try network.content() == old)
        }
        // The new state: the same command, to the end.
        let pid = try Self.spawn(argv, environment: environment)
        let status = Self.reap(pid)
        #expect(status == 0, "convene publish exited with status \(status)")
        let new = try network.content()
        #expect(new != old)
        let olds = seen.filter { $0 == old }.count
        let news = seen.filter { $0 == new }.count
        // The server's log says which kills landed inside the open transaction.
        let log = (try? String(contentsOfFile: network.cluster.folder + "/log", encoding: .utf8)) ?? ""
        let inside = log.components(separatedBy: "\n").filter { $0.contains("open transaction") }.count
        print(
            "kill -9 of convene publish (a whole one takes \(span) ms) after \(killedAt.sorted()) ms: \(olds) left the old state, \(news) the new one; \(inside) killed inside the open transaction (server log)"
        )
        #expect(olds + news == seen.count, "a kill left a state that is neither the old nor the new one")
        #expect(try store.history(groupId: group.id!) == localBefore)
        // No lock or transaction was left behind: only this query's connection is open.
        var others = ["?"]
        for _ in 0..<40 {
            others = try network.rows("SELECT count(*) FROM pg_stat_activity WHERE datname = '\(network.database)' AND pid <> pg_backend_pid()")
            if others == ["0"] { break }
            usleep(50_000)
        }
        #expect(others == ["0"])
    }
}
