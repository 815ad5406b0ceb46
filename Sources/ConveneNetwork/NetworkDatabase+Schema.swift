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
    }

    /// Creates or upgrades the schema, in one transaction and under a lock, so two backbone staff
    /// running it at once do not race. Idempotent: a second run applies nothing and changes nothing.
    /// `k`, when given, sets the network's own threshold (3–10).
    public func initialize(k: Int? = nil) async throws(NetworkError) -> InitReport {
        if let k, !(3...10).contains(k) {
            throw .badURL("--k \(k) refused: the network's k must be from 3 to 10")
        }
        let logger = logger
        return try await withTransaction(during: "network init") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7310001)", logger: logger)
            let exists =
                try await connection.query("SELECT to_regclass('convene_migration') IS NOT NULL", logger: logger).collect().first?.decode(Bool.self)
                ?? false
            if !exists {
                try await connection.query(
                    "CREATE TABLE convene_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", logger: logger)
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
            if let k {
                changed = try await !connection.query("UPDATE convene_network SET k = \(k) WHERE k <> \(k) RETURNING k", logger: logger).collect()
                    .isEmpty
            }
            let current = try await connection.query("SELECT k FROM convene_network", logger: logger).collect().first?.decode(Int.self) ?? 5
            return InitReport(applied: applied, present: NetworkSchema.migrations.map(\.name).filter(done.contains), k: current, kChanged: changed)
        }
    }

    public struct GrantReport: Sendable, Equatable {
        public var table: String
        public var name: String
        public var role: String
        /// False when the table and its role were already there.
        public var created: Bool
    }

    /// A table in the network and its writer role (a login role in `convene_writer`, with no
    /// password: the backbone sets one with psql's \password, which never sends it in clear).
    /// Row-level security lets that role write only this table's rows.
    public func grant(table name: String) async throws(NetworkError) -> GrantReport {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .badURL("the table needs a name") }
        let id = NetworkSchema.tableID(trimmed)
        let role = NetworkSchema.writerRole(forTable: id)
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
                if existingRole == role {
                    // Still make sure the role is there and may write (a dropped role is made again).
                    try await connection.query(
                        PostgresQuery(unsafeSQL: NetworkSchema.createRole(role, login: true, inRole: NetworkSchema.writerRole)), logger: logger)
                    try await connection.query(PostgresQuery(unsafeSQL: "GRANT \(NetworkSchema.writerRole) TO \"\(role)\""), logger: logger)
                    return GrantReport(table: id, name: trimmed, role: role, created: false)
                }
            }
            try await connection.query(
                PostgresQuery(unsafeSQL: NetworkSchema.createRole(role, login: true, inRole: NetworkSchema.writerRole)), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "GRANT \(NetworkSchema.writerRole) TO \"\(role)\""), logger: logger)
            try await connection.query(
                """
                INSERT INTO convene_table (id, name, writer_role) VALUES (\(id), \(trimmed), \(role))
                ON CONFLICT (id) DO UPDATE SET writer_role = excluded.writer_role
                """, logger: logger)
            return GrantReport(table: id, name: trimmed, role: role, created: true)
        }
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
