import ConveneCore
import Foundation
import PostgresNIO

extension NetworkDatabase {
    /// Every table's series, aggregated on the server and sent as one JSON text per table: a few
    /// rows to decode instead of one per session and pulse (DESIGN.md's target is 500 tables × 120
    /// sessions in under half a second).
    static let seriesQuery = """
        WITH measure AS (
            SELECT table_id, session_id, measures, sum(normalized_mean * n) / sum(n) AS mean
            FROM convene_pulse
            WHERE measures IS NOT NULL AND normalized_mean IS NOT NULL
            GROUP BY table_id, session_id, measures
        ), means AS (
            SELECT table_id, session_id, jsonb_object_agg(measures, mean) AS measures
            FROM measure GROUP BY table_id, session_id
        ), series AS (
            SELECT s.table_id, jsonb_agg(jsonb_build_object(
                    'session', s.session_id, 'day', s.day, 'headcount', s.headcount, 'voice', s.airtime_gini,
                    'measures', COALESCE(m.measures, '{}'::jsonb))
                ORDER BY s.started_at, s.session_id) AS sessions
            FROM convene_session s LEFT JOIN means m USING (table_id, session_id)
            GROUP BY s.table_id
        ), signals AS (
            SELECT table_id, jsonb_agg(jsonb_build_object('signal', signal, 'severity', severity, 'summary', summary, 'evidence', evidence)
                ORDER BY signal, ordinal) AS signals
            FROM convene_signal GROUP BY table_id
        )
        SELECT t.id, t.name, t.k, COALESCE(series.sessions, '[]'::jsonb)::text, COALESCE(signals.signals, '[]'::jsonb)::text
        FROM convene_table t
        LEFT JOIN series ON series.table_id = t.id
        LEFT JOIN signals ON signals.table_id = t.id
        ORDER BY t.name, t.id
        """

    /// What the network's views show, read in one transaction (so every table is seen at one moment).
    /// A table's writer role sees only its own table (row-level security); the reader role sees all.
    public func overview() async throws(NetworkError) -> NetworkOverview {
        let logger = logger
        let url = url
        let raw = try await withTransaction(during: "reading the network") { connection -> (Int, [(String, String, Int?, String, String)]) in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            try await Self.requireSchema(connection, url: url, logger: logger)
            let k = try await connection.query("SELECT k FROM convene_network", logger: logger).collect().first?.decode(Int.self) ?? 5
            var rows: [(String, String, Int?, String, String)] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: Self.seriesQuery), logger: logger).decode((String, String, Int?, String, String).self) {
                rows.append(row)
            }
            return (k, rows)
        }
        let decoder = JSONDecoder()
        do {
            let tables = try raw.1.map { id, name, k, sessions, signals in
                NetworkOverview.Table(id: id, name: name, k: k,
                                      sessions: try decoder.decode([NetworkOverview.Session].self, from: Data(sessions.utf8)),
                                      signals: try decoder.decode([NetworkOverview.SignalRow].self, from: Data(signals.utf8)))
            }
            return NetworkOverview(k: raw.0, tables: tables)
        } catch {
            throw .server("the network's rows could not be read: \(error)")
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
