import ConveneCore
import ConveneStore
import Foundation
import Testing

@testable import ConveneNetwork

/// The demo history, imported as `convene demo` does, and the shipped library.
enum Demo {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    static let library: Library = {
        (try? LibraryCache.load([.init(root: repository, layer: .shipped)], cacheFolder: nil)) ?? Library()
    }()

    static let history: GroupHistory = {
        do {
            let store = try AppDatabase.inMemory()
            let group = try store.createGroup(named: DemoStory.groupName, at: Date(timeIntervalSince1970: 1_764_000_000))
            try store.importSessions(DemoStory(library: library).sessions(), group: group)
            return try store.history(groupId: group.id!)
        } catch {
            fatalError("the demo history: \(error)")
        }
    }()
}

/// One network (its own database on the shared test cluster) for one test.
struct Network {
    let cluster: TestCluster
    let database: String

    init(cluster: TestCluster? = nil) throws {
        self.cluster = try cluster ?? TestCluster.shared()
        database = try self.cluster.makeDatabase()
    }

    /// The owner (the cluster's superuser) over the socket, or a table's role.
    func url(role: String = TestCluster.superuser) throws -> NetworkURL {
        try NetworkURL.parse(cluster.socketURL(database: database, user: role), environment: [:], home: "/nonexistent")
    }

    func initialize(k: Int? = nil) async throws -> NetworkDatabase.InitReport {
        try await NetworkDatabase.with(try url()) { try await $0.initialize(k: k) }
    }

    func grant(_ table: String) async throws -> NetworkDatabase.GrantReport {
        try await NetworkDatabase.with(try url()) { try await $0.grant(table: table) }
    }

    /// A stable id for a group of the tests, as a laptop's store keeps one (v15): one per name unless given.
    static func groupID(_ name: String) -> String {
        String(name.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }, radix: 16)
    }

    func publish(
        as role: String, history: GroupHistory = Demo.history, groupID: String? = nil, comments: Bool = false,
        during: (@Sendable () -> Void)? = nil
    ) async throws -> NetworkDatabase.PublishReport {
        let groupID = groupID ?? Self.groupID(history.group)
        return try await NetworkDatabase.with(try url(role: role)) { network in
            try await network.publish(group: history.group, groupID: groupID) { networkK in
                let publication = NetworkPublication(history: history, library: Demo.library, networkK: networkK, comments: comments)
                during?()
                return publication
            }
        }
    }

    /// Lines of a query's result (psql, unaligned, tuples only), as the owner or another role.
    func rows(_ sql: String, as role: String = TestCluster.superuser) throws -> [String] {
        let text = try cluster.psql(database: database, user: role, sql)
        return text.isEmpty ? [] : text.components(separatedBy: "\n")
    }

    /// Every row of every table of the schema with the transaction that wrote it (xmin): equal
    /// snapshots mean not a row was written in between.
    func snapshot() throws -> [String: [String]] {
        var tables: [String: [String]] = [:]
        for table in NetworkSchema.everyTable {
            tables[table] = try rows("SELECT t.xmin::text || ' ' || to_jsonb(t)::text AS r FROM \(table) t ORDER BY r")
        }
        return tables
    }

    /// Every row's content as JSON (no xmin), for content comparisons and scans.
    func content() throws -> [String: [String]] {
        var tables: [String: [String]] = [:]
        for table in NetworkSchema.everyTable where table != "convene_migration" {
            tables[table] = try rows("SELECT to_jsonb(t)::text AS r FROM \(table) t ORDER BY r")
        }
        return tables
    }
}

@Suite struct NetworkURLTests {
    @Test func tcpAndSocketForms() throws {
        let tcp = try NetworkURL.parse("postgres://ana:s%3Acret@db.example:6543/backbone?sslmode=disable", environment: [:], home: "/nonexistent")
        #expect(tcp.endpoint == .tcp(host: "db.example", port: 6543))
        #expect(tcp.user == "ana" && tcp.password == "s:cret" && tcp.database == "backbone" && tcp.tls == .disable)
        #expect(!tcp.description.contains("cret") && !tcp.redacted.contains("cret"))
        let socket = try NetworkURL.parse("postgresql://ana@/backbone?host=/run/pg&port=5433", environment: [:], home: "/nonexistent")
        #expect(socket.endpoint == .socket(folder: "/run/pg", port: 5433))
        #expect(socket.socketPath == "/run/pg/.s.PGSQL.5433")
        #expect(socket.password == nil)
        #expect(throws: NetworkError.self) { try NetworkURL.parse("mysql://x@y/z", environment: [:], home: "/nonexistent") }
        #expect(throws: NetworkError.self) { try NetworkURL.parse("postgres://x@y:99999/z", environment: [:], home: "/nonexistent") }
    }

    @Test func passwordFromEnvironmentThenPgpass() throws {
        let env = try NetworkURL.parse("postgres://ana@h/db", environment: ["PGPASSWORD": "from-env"], home: "/nonexistent")
        #expect(env.password == "from-env")
        let given = try NetworkURL.parse("postgres://ana:in-url@h/db", environment: ["PGPASSWORD": "from-env"], home: "/nonexistent")
        #expect(given.password == "in-url")
        let text = """
            # comment
            other:5432:db:ana:wrong
            h:5432:db:bob:wrong
            h:*:db:ana:p\\:w\\\\d
            *:*:*:*:fallback
            """
        #expect(PGPass.password(text: text, hosts: ["h"], port: 5432, database: "db", user: "ana") == "p:w\\d")
        #expect(PGPass.password(text: text, hosts: ["x"], port: 1, database: "y", user: "z") == "fallback")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convene-pgpass-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "localhost:5433:db:ana:from-file\n".write(toFile: folder + "/.pgpass", atomically: true, encoding: .utf8)
        chmod(folder + "/.pgpass", 0o644)
        // Others can read it: libpq ignores such a file, and so does convene.
        #expect(try NetworkURL.parse("postgres://ana@/db?host=/s&port=5433", environment: [:], home: folder).password == nil)
        chmod(folder + "/.pgpass", 0o600)
        #expect(try NetworkURL.parse("postgres://ana@/db?host=/s&port=5433", environment: [:], home: folder).password == "from-file")
    }

    @Test func tableIDs() {
        #expect(NetworkSchema.tableID("Steering Committee") == "steering_committee")
        #expect(NetworkSchema.tableID("  Mesa Comunitaria (Eastside) ") == "mesa_comunitaria_eastside")
        #expect(NetworkSchema.tableID("読書会").hasPrefix("t"))
        #expect(NetworkSchema.tableID("読書会") == NetworkSchema.tableID("読書会"))
    }
}

@Suite struct NetworkSchemaTests {
    @Test func initTwiceChangesNothing() async throws {
        let network = try Network()
        let first = try await network.initialize()
        #expect(first.applied == NetworkSchema.migrations.map(\.name))
        #expect(first.k == 5)
        let schema = try TestCluster.run(
            network.cluster.bin + "/pg_dump",
            ["-s", "-h", network.cluster.socketFolder, "-p", "\(network.cluster.port)", "-U", TestCluster.superuser, network.database],
            asPostgres: false)
        #expect(schema.status == 0)
        let before = try network.snapshot()
        let second = try await network.initialize()
        #expect(second.applied.isEmpty)
        #expect(second.present == NetworkSchema.migrations.map(\.name))
        #expect(try network.snapshot() == before)
        let again = try TestCluster.run(
            network.cluster.bin + "/pg_dump",
            ["-s", "-h", network.cluster.socketFolder, "-p", "\(network.cluster.port)", "-U", TestCluster.superuser, network.database],
            asPostgres: false)
        // pg_dump's \restrict line carries a random key on each run.
        func stable(_ dump: String) -> [String] {
            dump.components(separatedBy: "\n").filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }
        }
        #expect(stable(again.output) == stable(schema.output))
        #expect(stable(schema.output).contains { $0.contains("CREATE POLICY convene_own ON public.convene_pulse") })
        // Row-level security is on for every table a table's role writes.
        let secured = try network.rows(
            "SELECT relname FROM pg_class WHERE relname LIKE 'convene_%' AND relkind = 'r' AND relrowsecurity ORDER BY relname")
        #expect(Set(secured) == Set(NetworkSchema.dataTables + ["convene_table", "convene_decision"]))
    }

    /// The schema has no column that could hold an answer, a ballot or a person's label: every
    /// column of every table is one of these.
    @Test func noColumnForWhatNeverLeaves() async throws {
        let network = try Network()
        _ = try await network.initialize()
        let columns = try network.rows(
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_name LIKE 'convene_%' ORDER BY 1")
        let allowed = Set<String>([
            "convene_migration.name", "convene_migration.applied_at", "convene_network.id", "convene_network.k",
            "convene_table.id", "convene_table.name", "convene_table.writer_role", "convene_table.local_k", "convene_table.k",
            // Migration 004: the group a table is bound to, whether it is suspended, when it last published.
            "convene_table.group_name", "convene_table.suspended", "convene_activity.table_id", "convene_activity.published_at",
            "convene_activity.publishes",
            // Migration 006: the group's stable id (random, from the laptop's store).
            "convene_table.group_id",
        ]).union(NetworkDatabase.targets.values.flatMap { target in (["table_id"] + target.columns.map(\.0)).map { "\(target.name).\($0)" } })
        #expect(Set(columns) == allowed)
        #expect(
            !columns.contains {
                $0.contains("label") || $0.contains("owner.") || $0.contains("value") || $0.contains("ballot") || $0.contains("text")
            })
    }

    @Test func errorsAreOneLineAUserCanActOn() async throws {
        let network = try Network()
        // No schema yet: publish and grant say to run init.
        await #expect {
            _ = try await network.grant("Steering")
        } throws: { error in
            guard let error = error as? NetworkError, case .schemaMissing = error else { return false }
            return error.description.contains("convene network init") && !error.description.contains("\n")
        }
        // A database that is not there.
        let missing = try NetworkURL.parse(network.cluster.socketURL(database: "no_such_db"), environment: [:], home: "/nonexistent")
        await #expect {
            try await NetworkDatabase.with(missing) { try await $0.threshold() }
        } throws: { error in
            guard let error = error as? NetworkError, case .databaseMissing = error else { return false }
            return !error.description.contains("\n")
        }
        // A wrong password over TCP.
        let wrong = try NetworkURL.parse(
            network.cluster.tcpURL(database: network.database, password: "not-it"), environment: [:], home: "/nonexistent")
        await #expect {
            try await NetworkDatabase.with(wrong) { try await $0.threshold() }
        } throws: { error in
            guard let error = error as? NetworkError, case .authenticationFailed = error else { return false }
            return !error.description.contains("not-it") && !error.description.contains("\n")
        }
        // No password at all over TCP.
        let none = try NetworkURL.parse(network.cluster.tcpURL(database: network.database, password: nil), environment: [:], home: "/nonexistent")
        await #expect {
            try await NetworkDatabase.with(none) { try await $0.threshold() }
        } throws: { error in
            guard let error = error as? NetworkError, case .authenticationFailed = error else { return false }
            return error.description.contains("PGPASSWORD")
        }
        // Nothing listening.
        let closed = try NetworkURL.parse("postgres://convene:x@127.0.0.1:\(try Self.closedPort())/db", environment: [:], home: "/nonexistent")
        let start = ContinuousClock.now
        await #expect {
            try await NetworkDatabase.with(closed) { try await $0.threshold() }
        } throws: { error in
            guard let error = error as? NetworkError, case .unreachable = error else { return false }
            return error.description.contains("connection refused") && !error.description.contains("\n")
        }
        #expect(ContinuousClock.now - start < .seconds(30), "an unreachable server is said within the connect timeout, not after it")
    }

    @Test func passwordFromPgpassOverTCP() async throws {
        let network = try Network()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convene-pgpass-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "127.0.0.1:\(network.cluster.port):\(network.database):\(TestCluster.superuser):\(TestCluster.password)\n".write(
            toFile: folder + "/.pgpass", atomically: true, encoding: .utf8)
        chmod(folder + "/.pgpass", 0o600)
        let url = try NetworkURL.parse(network.cluster.tcpURL(database: network.database, password: nil), environment: [:], home: folder)
        let report = try await NetworkDatabase.with(url) { try await $0.initialize() }
        #expect(report.applied == NetworkSchema.migrations.map(\.name))
    }

    /// A port on 127.0.0.1 that nothing listens on.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A migration once shipped is never edited (a server that ran it will not run it again): each
/// one's statements are pinned by a hash. A change to the schema is a new migration at the end.
@Suite struct FrozenMigrationTests {
    static func hash(_ migration: NetworkSchema.Migration) -> String {
        let text = migration.statements.joined(separator: "\n;\n")
        return String(text.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }, radix: 16)
    }

    static let pinned = [
        "001-network": "3c5f992134543597", "002-session-measures": "1b7d158590e7b895", "003-table-k-from-the-server": "c18df69ebb15f862",
        "004-writers-through-functions": "bfaa1f755f13cb3f", "005-decisions": "2eb98beb353bb691", "006-group-identity": "d3f706d2ccbf3cf0",
    ]

    @Test func shippedMigrationsAreUnchanged() {
        let hashes = Dictionary(uniqueKeysWithValues: NetworkSchema.migrations.map { ($0.name, Self.hash($0)) })
        for (name, hash) in Self.pinned {
            #expect(hashes[name] == hash, "migration \(name) was edited: add a new migration instead")
        }
    }
}
