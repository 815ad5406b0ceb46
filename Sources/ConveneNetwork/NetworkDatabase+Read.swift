import ConveneCore
import Foundation
import PostgresNIO

extension NetworkDatabase {
    /// Every published session with its trust, worth and voice (the session rows carry them since
    /// migration 002), in table order, as one text of tab-separated lines: a single value to
    /// receive instead of 60,000 rows to iterate (DESIGN.md's target is 500 tables × 120 sessions in
    /// under half a second, whole process). float8 text is the shortest exact form, so values read
    /// back equal. The order is the subquery's, so that PostgreSQL reads `convene_session_order`
    /// (migration 004) instead of sorting every session (at 600,000 a sort spilled to disk).
    static let sessionsQuery = """
        SELECT coalesce(string_agg(line, E'\\n'), '') FROM (
            SELECT concat_ws(E'\\t', table_id, session_id, day, coalesce(headcount::text, ''),
                coalesce(trust::text, ''), coalesce(worth::text, ''), coalesce(airtime_gini::text, '')) AS line
            FROM convene_session ORDER BY table_id, started_at, session_id
        ) ordered
        """

    /// The sessions' lines, by table id, read as bytes (a String's characters would be many times slower).
    static func sessions(fromLines lines: String) throws -> [String: [NetworkOverview.Session]] {
        var tables: [String: [NetworkOverview.Session]] = [:]
        var bytes = Array(lines.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var table = ""
        var tableBytes: ArraySlice<UInt8> = []
        var sessions: [NetworkOverview.Session] = []
        var fields: [Range<Int>] = []
        fields.reserveCapacity(7)
        var start = 0
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func integer(_ range: Range<Int>) -> Int64? {
            guard !range.isEmpty else { return nil }
            var value: Int64 = 0
            var negative = false
            for index in range {
                let byte = bytes[index]
                if byte == UInt8(ascii: "-") && index == range.lowerBound {
                    negative = true
                    continue
                }
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value &* 10 &+ Int64(byte - 0x30)
            }
            return negative ? -value : value
        }
        func number(_ range: Range<Int>) -> Double? { range.isEmpty ? nil : Double(string(range)) }
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") else { continue }
            fields.append(start..<index)
            start = index + 1
            guard byte == UInt8(ascii: "\n") else { continue }
            defer { fields.removeAll(keepingCapacity: true) }
            if fields.count == 1 && fields[0].isEmpty { continue }
            guard fields.count == 7, let session = integer(fields[1]) else {
                throw NetworkError.server("a session row the views cannot read: \(string(fields[0].lowerBound..<index).prefix(80))")
            }
            if bytes[fields[0]] != tableBytes {
                if !table.isEmpty { tables[table, default: []] += sessions }
                sessions = []
                tableBytes = bytes[fields[0]]
                table = string(fields[0])
            }
            sessions.append(
                NetworkOverview.Session(
                    session: session, day: string(fields[2]), headcount: integer(fields[3]).map { Int($0) },
                    trust: number(fields[4]), worth: number(fields[5]), voice: number(fields[6])))
        }
        if !table.isEmpty { tables[table, default: []] += sessions }
        return tables
    }

    static let signalsQuery = "SELECT table_id, signal, severity, summary, evidence::text FROM convene_signal ORDER BY table_id, signal, ordinal"

    /// What the network's views show, read in one transaction (so every table is seen at one moment).
    /// A table's writer role sees only its own table (row-level security); the reader role sees all.
    public func overview() async throws(NetworkError) -> NetworkOverview {
        let logger = logger
        let url = url
        return try await withTransaction(during: "reading the network") { connection -> NetworkOverview in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            try await Self.requireSchema(connection, url: url, logger: logger)
            // Room to sort every session in memory rather than on disk; and a lock some other session
            // holds is an error within seconds, not a wait with no end.
            try await connection.query("SET LOCAL work_mem = '64MB'", logger: logger)
            try await connection.query("SET LOCAL lock_timeout = '5s'", logger: logger)
            let k = try await connection.query("SELECT k FROM convene_network", logger: logger).collect().first?.decode(Int.self) ?? 5
            var tables: [String: NetworkOverview.Table] = [:]
            for try await (id, name, tableK) in try await connection.query("SELECT id, name, k FROM convene_table", logger: logger).decode(
                (String, String, Int?).self)
            {
                tables[id] = NetworkOverview.Table(id: id, name: name, k: tableK, sessions: [], signals: [])
            }
            let lines =
                try await connection.query(PostgresQuery(unsafeSQL: Self.sessionsQuery), logger: logger).collect().first?.decode(String.self) ?? ""
            for (id, sessions) in try Self.sessions(fromLines: lines) { tables[id]?.sessions = sessions }
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
