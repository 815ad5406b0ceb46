import ConveneCore
import Foundation
import PostgresNIO

extension NetworkDatabase {
    /// Every published session with its trust, worth and voice, as plain rows in table order: the
    /// server aggregates the pulses in one pass, and rows decode far faster than JSON would
    /// (DESIGN.md's target is 500 tables × 120 sessions in under half a second, whole process).
    static let sessionsQuery = """
        SELECT s.table_id, s.session_id, s.day::text, s.headcount, p.trust, p.worth, s.airtime_gini
        FROM convene_session s
        LEFT JOIN (
            SELECT table_id, session_id,
                sum(normalized_mean * n) FILTER (WHERE measures = 'trust') / NULLIF(sum(n) FILTER (WHERE measures = 'trust'), 0) AS trust,
                sum(normalized_mean * n) FILTER (WHERE measures = 'worth') / NULLIF(sum(n) FILTER (WHERE measures = 'worth'), 0) AS worth
            FROM convene_pulse
            WHERE measures IN ('trust', 'worth') AND normalized_mean IS NOT NULL
            GROUP BY table_id, session_id
        ) p USING (table_id, session_id)
        ORDER BY s.table_id, s.started_at, s.session_id
        """

    static let signalsQuery = "SELECT table_id, signal, severity, summary, evidence::text FROM convene_signal ORDER BY table_id, signal, ordinal"

    /// What the network's views show, read in one transaction (so every table is seen at one moment).
    /// A table's writer role sees only its own table (row-level security); the reader role sees all.
    public func overview() async throws(NetworkError) -> NetworkOverview {
        let logger = logger
        let url = url
        return try await withTransaction(during: "reading the network") { connection -> NetworkOverview in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            try await Self.requireSchema(connection, url: url, logger: logger)
            let k = try await connection.query("SELECT k FROM convene_network", logger: logger).collect().first?.decode(Int.self) ?? 5
            var tables: [String: NetworkOverview.Table] = [:]
            for try await (id, name, tableK) in try await connection.query("SELECT id, name, k FROM convene_table", logger: logger).decode((String, String, Int?).self) {
                tables[id] = NetworkOverview.Table(id: id, name: name, k: tableK, sessions: [], signals: [])
            }
            var current = "", sessions: [NetworkOverview.Session] = []
            func flush() {
                if !current.isEmpty { tables[current]?.sessions = sessions }
                sessions = []
            }
            let rows = try await connection.query(PostgresQuery(unsafeSQL: Self.sessionsQuery), logger: logger)
            for try await (table, session, day, headcount, trust, worth, voice) in rows.decode((String, Int64, String, Int?, Double?, Double?, Double?).self) {
                if table != current { flush(); current = table }
                sessions.append(NetworkOverview.Session(session: session, day: day, headcount: headcount, trust: trust, worth: worth, voice: voice))
            }
            flush()
            let decoder = JSONDecoder()
            for try await (table, signal, severity, summary, evidence) in try await connection.query(PostgresQuery(unsafeSQL: Self.signalsQuery), logger: logger)
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
    /// `convene_reader`; no password until the backbone sets one with psql's \password).
    public func grantReader(_ name: String) async throws(NetworkError) -> ReaderReport {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .badURL("the reader needs a name") }
        let role = NetworkSchema.readerRole(named: trimmed)
        let logger = logger
        return try await withTransaction(during: "network reader") { connection in
            try await Self.requireSchema(connection, url: self.url, logger: logger)
            let existed = try await !connection.query("SELECT 1 FROM pg_roles WHERE rolname = \(role)", logger: logger).collect().isEmpty
            try await connection.query(PostgresQuery(unsafeSQL: NetworkSchema.createRole(role, login: true, inRole: NetworkSchema.readerRole)), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "GRANT \(NetworkSchema.readerRole) TO \"\(role)\""), logger: logger)
            return ReaderReport(role: role, created: !existed)
        }
    }
}
