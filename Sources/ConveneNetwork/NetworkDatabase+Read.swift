import ConveneCore
import Foundation
import PostgresNIO

extension NetworkDatabase {
    static let signalsQuery = "SELECT table_id, signal, severity, summary, evidence::text FROM convene_signal ORDER BY table_id, signal, ordinal"

    /// What the network's views show, read in one transaction (so every table is seen at one moment).
    /// A table's writer role sees only its own table (row-level security); the reader role sees all.
    public func overview() async throws(NetworkError) -> NetworkOverview {
        let logger = logger
        let url = url
        return try await withTransaction(during: "reading the network") { connection -> NetworkOverview in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            try await Self.requireSchema(connection, url: url, logger: logger)
            // A lock some other session holds is an error within seconds, not a wait with no end. (No
            // larger work_mem: with room to sort, PostgreSQL sorted 600,000 sessions, spilling to disk,
            // instead of reading them in the index's order; PackedSessions.)
            try await connection.query("SET LOCAL lock_timeout = '5s'", logger: logger)
            let k = try await connection.query("SELECT k FROM convene_network", logger: logger).collect().first?.decode(Int.self) ?? 5
            var tables: [String: NetworkOverview.Table] = [:]
            for try await (id, name, tableK) in try await connection.query("SELECT id, name, k FROM convene_table", logger: logger).decode(
                (String, String, Int?).self)
            {
                tables[id] = NetworkOverview.Table(id: id, name: name, k: tableK, sessions: [], signals: [])
            }
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: PackedSessions.query), logger: logger) {
                let (id, sessions) = try PackedSessions.sessions(row)
                tables[id]?.sessions = sessions
            }
            let decoder = JSONDecoder()
            for try await (table, signal, severity, summary, evidence) in try await connection.query(
                PostgresQuery(unsafeSQL: Self.signalsQuery), logger: logger
            )
            .decode((String, String, String, String, String).self) {
                let lines = (try? decoder.decode([String].self, from: Data(evidence.utf8))) ?? []
                tables[table]?.signals.append(NetworkOverview.SignalRow(signal: signal, severity: severity, summary: summary, evidence: lines))
            }
            return NetworkOverview(k: k, tables: Array(tables.values))
        }
    }

    public struct ReaderReport: Sendable, Equatable {
        public var role: String
        public var created: Bool
    }

    /// A login role for the backbone's staff that reads every table and writes none (a member of
    /// `convene_reader` and of this database's `convene_<ns>_network`; no password until the
    /// backbone sets one with psql's \password). A role of that name from elsewhere is refused.
    public func grantReader(_ name: String) async throws(NetworkError) -> ReaderReport {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .badURL("the reader needs a name") }
        let logger = logger
        return try await withTransaction(during: "network reader") { connection in
            try await Self.requireSchema(connection, url: self.url, logger: logger)
            let namespace = try await Self.namespace(connection, logger: logger)
            let role = NetworkSchema.readerRole(named: trimmed, namespace: namespace)
            let network = NetworkSchema.networkRole(namespace: namespace)
            let existing = try await connection.query(
                "SELECT pg_has_role(rolname, \(network), 'MEMBER') AND pg_has_role(rolname, \(NetworkSchema.readerRole), 'MEMBER') FROM pg_roles WHERE rolname = \(role)",
                logger: logger
            ).collect().first?.decode(Bool.self)
            if existing == false {
                throw NetworkError.server(
                    "role \(role) already exists on this server and is not this network's reader: drop it or choose another name")
            }
            try await Self.admit(role, group: NetworkSchema.readerRole, connection, logger: logger)
            return ReaderReport(role: role, created: existing == nil)
        }
    }
}
