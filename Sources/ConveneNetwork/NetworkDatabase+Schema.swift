import Foundation
import PostgresNIO

extension NetworkDatabase {
    public struct InitReport: Sendable, Equatable {
        /// Migrations run now, in order.
        public var applied: [String]
        /// Migrations that were already there.
        public var present: [String]
        /// The network's k after this run.
        public var k: Int
        /// True when `k` was changed by this run.
        public var kChanged: Bool
        /// Pulses and segments taken off the server because they no longer pass a raised k.
        public var withheldPulses = 0
        public var withheldSegments = 0
    }

    /// Creates or upgrades the schema, in one transaction and under a lock, so two backbone staff
    /// running it at once do not race. The lock is on `convene_migration` in EXCLUSIVE mode, which
    /// only its owner can take (an advisory lock, as before, any role could hold to stall `init`),
    /// and a lock that does not come within 15 s is a one-line error, not a wait. Idempotent: a second run applies nothing and changes nothing.
    /// `k`, when given, sets the network's own threshold (3–10).
    public func initialize(k: Int? = nil) async throws(NetworkError) -> InitReport {
        if let k, !(3...10).contains(k) {
            throw .badURL("--k \(k) refused: the network's k must be from 3 to 10")
        }
        let logger = logger
        return try await withTransaction(during: "network init") { connection in
            try await connection.query("SET LOCAL lock_timeout = '15s'", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS convene_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", logger: logger)
            do {
                try await connection.query("LOCK TABLE convene_migration IN EXCLUSIVE MODE", logger: logger)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55P03" {
                throw NetworkError.server(
                    "another session holds the network's schema (a second `network init`, or a long transaction): try again, or end it with SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                )
            }
            var done: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM convene_migration", logger: logger).decode(String.self) {
                done.insert(name)
            }
            var applied: [String] = []
            for migration in NetworkSchema.migrations where !done.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO convene_migration (name) VALUES (\(migration.name))", logger: logger)
                applied.append(migration.name)
            }
            var changed = false
            var withheld = (0, 0)
            if let k {
                changed = try await !connection.query("UPDATE convene_network SET k = \(k) WHERE k <> \(k) RETURNING k", logger: logger).collect()
                    .isEmpty
            }
            if changed {
                // At once, not at each table's next publish: what no longer passes leaves the views.
                withheld =
                    try await connection.query("SELECT o_pulses, o_segments FROM convene_apply_k()", logger: logger).collect().first?
                    .decode((Int, Int).self) ?? (0, 0)
            }
            let current = try await connection.query("SELECT k FROM convene_network", logger: logger).collect().first?.decode(Int.self) ?? 5
            return InitReport(
                applied: applied, present: NetworkSchema.migrations.map(\.name).filter(done.contains), k: current, kChanged: changed,
                withheldPulses: withheld.0, withheldSegments: withheld.1)
        }
    }

    public struct GrantReport: Sendable, Equatable {
        public var table: String
        public var name: String
        public var role: String
        /// False when the table and its role were already there.
        public var created: Bool
    }

    /// A table in the network and its writer role (a login role in `convene_writer` and in this
    /// database's `convene_<ns>_network`, with no password: the backbone sets one with psql's
    /// \password, which never sends it in clear). The role writes only through `convene_publish`,
    /// and only this table's rows. A role of that name that is not this network's is refused.
    public func grant(table name: String) async throws(NetworkError) -> GrantReport {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .badURL("the table needs a name") }
        guard trimmed.count <= 200 else { throw .badURL("a table's name has at most 200 characters") }
        let id = NetworkSchema.tableID(trimmed)
        let logger = logger
        return try await withTransaction(during: "network grant") { connection in
            try await Self.requireSchema(connection, url: self.url, logger: logger)
            let rows = try await connection.query(
                "SELECT id, name, writer_role FROM convene_table WHERE id = \(id) OR name = \(trimmed)", logger: logger
            ).collect()
            if let row = rows.first {
                let (existingID, existingName, existingRole) = try row.decode((String, String, String?).self)
                guard existingID == id, existingName == trimmed else {
                    throw NetworkError.server("a table \"\(existingName)\" already uses the id \(existingID); choose another name")
                }
                if let existingRole {
                    // Still make sure the role is there and may connect (a dropped role is made again).
                    try await Self.admit(existingRole, group: NetworkSchema.writerRole, connection, logger: logger)
                    return GrantReport(table: id, name: trimmed, role: existingRole, created: false)
                }
            }
            let namespace = try await Self.namespace(connection, logger: logger)
            let role = NetworkSchema.writerRole(forTable: id, namespace: namespace)
            let taken = try await !connection.query(
                "SELECT 1 FROM pg_roles WHERE rolname = \(role) AND rolname NOT IN (SELECT writer_role FROM convene_table WHERE writer_role IS NOT NULL)",
                logger: logger
            ).collect().isEmpty
            if taken {
                throw NetworkError.server(
                    "role \(role) already exists on this server and is no table's of this network: drop it (DROP ROLE \(role)) or give the table another name"
                )
            }
            try await Self.admit(role, group: NetworkSchema.writerRole, connection, logger: logger)
            try await connection.query(
                """
                INSERT INTO convene_table (id, name, writer_role) VALUES (\(id), \(trimmed), \(role))
                ON CONFLICT (id) DO UPDATE SET writer_role = excluded.writer_role
                """, logger: logger)
            return GrantReport(table: id, name: trimmed, role: role, created: true)
        }
    }

    /// This database's namespace for role names (migration 004's `convene_namespace()`).
    static func namespace(_ connection: PostgresConnection, logger: Logger) async throws -> String {
        try await connection.query("SELECT convene_namespace()", logger: logger).collect().first?.decode(String.self) ?? "network"
    }

    /// Makes `role` a login role in `group` that may connect to this database, with the network's
    /// timeouts and connection limit (`convene_admit`).
    static func admit(_ role: String, group: String, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: NetworkSchema.createRole(role, login: true)), logger: logger)
        try await connection.query("SELECT convene_admit(\(role), \(group))", logger: logger)
    }

    /// The network's own k.
    public func threshold() async throws(NetworkError) -> Int {
        let rows = try await rows("SELECT k FROM convene_network", during: "reading the network's k")
        do { return try rows.first?.decode(Int.self) ?? 5 } catch { throw .server("the network's k cannot be read") }
    }

    /// Fails with `schemaMissing` unless every migration this convene knows is on the server.
    static func requireSchema(_ connection: PostgresConnection, url: NetworkURL, logger: Logger) async throws {
        let exists =
            try await connection.query("SELECT to_regclass('convene_migration') IS NOT NULL", logger: logger).collect().first?.decode(Bool.self)
            ?? false
        guard exists else { throw NetworkError.schemaMissing(url: url.redacted) }
        let names = NetworkSchema.migrations.map(\.name)
        let count =
            try await connection.query("SELECT count(*)::int FROM convene_migration WHERE name = ANY(\(names))", logger: logger).collect().first?
            .decode(Int.self) ?? 0
        guard count == names.count else { throw NetworkError.schemaMissing(url: url.redacted) }
    }
}
