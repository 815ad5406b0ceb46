import Foundation
import PostgresNIO

/// What a backbone runs on its tables without psql (issue 28): status, suspend and resume,
/// reassign, rotate and retire.
extension NetworkDatabase {
    public struct TableStatus: Sendable, Equatable {
        public var id: String
        public var name: String
        public var role: String?
        /// The laptop's group the table is bound to (its first publish), if any.
        public var group: String?
        public var suspended: Bool
        public var lastPublished: Date?
        public var sessions: Int
        public var pulses: Int
        public var signals: Int
    }

    /// Each table with its laptop's group, when it last published and its row counts.
    public func status() async throws(NetworkError) -> [TableStatus] {
        let logger = logger
        let url = url
        return try await withTransaction(during: "reading the tables' status") { connection in
            try await Self.requireSchema(connection, url: url, logger: logger)
            var tables: [TableStatus] = []
            let rows = try await connection.query(
                """
                SELECT t.id, t.name, t.writer_role, t.group_name, t.suspended, a.published_at,
                    (SELECT count(*)::int FROM convene_session s WHERE s.table_id = t.id),
                    (SELECT count(*)::int FROM convene_pulse p WHERE p.table_id = t.id),
                    (SELECT count(*)::int FROM convene_signal g WHERE g.table_id = t.id)
                FROM convene_table t LEFT JOIN convene_activity a ON a.table_id = t.id ORDER BY t.name
                """, logger: logger
            )
            for try await (id, name, role, group, suspended, published, sessions, pulses, signals) in rows.decode(
                (String, String, String?, String?, Bool, Date?, Int, Int, Int).self)
            {
                tables.append(
                    TableStatus(
                        id: id, name: name, role: role, group: group, suspended: suspended, lastPublished: published, sessions: sessions,
                        pulses: pulses, signals: signals))
            }
            return tables
        }
    }

    public enum TableChange: Sendable {
        /// No publish is taken and the role cannot log in; its rows stay.
        case suspend
        case resume
        /// The table may be bound to another laptop's group at its next publish.
        case reassign
        /// The role's password is cleared and its sessions ended: the backbone sets a new one.
        case rotate
        /// The table's rows and its role are deleted.
        case retire
    }

    /// Applies `change` to the table named `name` (or with that id); returns the table's role.
    @discardableResult
    public func change(table name: String, _ change: TableChange) async throws(NetworkError) -> String {
        let logger = logger
        let url = url
        return try await withTransaction(during: "changing table \(name)") { connection in
            try await Self.requireSchema(connection, url: url, logger: logger)
            let rows = try await connection.query(
                "SELECT id, writer_role FROM convene_table WHERE name = \(name) OR id = \(name) FOR UPDATE", logger: logger
            ).collect()
            guard let row = rows.first else {
                throw NetworkError.server("there is no table \"\(name)\" in this network: `convene network status` lists them")
            }
            let (id, role) = try row.decode((String, String?).self)
            let quoted = role.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            func run(_ sql: String) async throws { try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
            switch change {
            case .suspend, .resume:
                let suspend = change == .suspend
                try await connection.query("UPDATE convene_table SET suspended = \(suspend) WHERE id = \(id)", logger: logger)
                if let quoted { try await run("ALTER ROLE \(quoted) \(suspend ? "NOLOGIN" : "LOGIN")") }
            case .reassign:
                try await connection.query("UPDATE convene_table SET group_name = NULL, group_id = NULL WHERE id = \(id)", logger: logger)
            case .rotate:
                if let quoted { try await run("ALTER ROLE \(quoted) PASSWORD NULL") }
            case .retire:
                try await connection.query("DELETE FROM convene_table WHERE id = \(id)", logger: logger)
                if let quoted { try await run("DROP ROLE IF EXISTS \(quoted)") }
            }
            if let role, [.suspend, .rotate, .retire].contains(change) {
                // Sessions already open would otherwise go on with the old standing.
                // (A backbone without the right to end them still gets the change.)
                let literal = "'" + role.replacingOccurrences(of: "'", with: "''") + "'"
                try await run(
                    "DO $$ BEGIN PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = \(literal); EXCEPTION WHEN insufficient_privilege THEN NULL; END $$"
                )
            }
            return role ?? ""
        }
    }
}
