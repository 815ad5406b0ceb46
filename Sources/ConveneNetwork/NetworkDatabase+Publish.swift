import ConveneCore
import Foundation
import PostgresNIO

extension NetworkDatabase {
    public struct PublishReport: Sendable, Equatable {
        public var table: String
        public var tableName: String
        public var k: Int
        public var sessions: Int
        public var pulses: Int
        public var signals: Int
        /// Rows inserted, updated or deleted on the server: 0 when nothing had changed.
        public var changed: Int
    }

    /// One published table of the schema: its columns (with the types jsonb_to_recordset reads them
    /// as), its key after `table_id`, and what a publish replaces in it.
    struct Target {
        enum Scope { case none, sessions, table }
        var name: String
        var columns: [(String, String)]
        var key: [String]
        /// Rows of this table that a publish no longer carries are deleted: none (sessions are only
        /// upserted), those of the sessions published, or all the table's.
        var scope: Scope

        var recordType: String { columns.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }
        var keyType: String { columns.filter { key.contains($0.0) }.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }

        var upsert: String {
            let names = columns.map(\.0)
            let values = names.filter { !key.contains($0) }
            let update =
                values.isEmpty
                ? "DO NOTHING"
                : """
                DO UPDATE SET \(values.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
                WHERE (\(values.map { "t.\($0)" }.joined(separator: ", ")), NULL) IS DISTINCT FROM (\(values.map { "excluded.\($0)" }.joined(separator: ", ")), NULL)
                """
            return """
                INSERT INTO \(name) AS t (table_id, \(names.joined(separator: ", ")))
                SELECT $1, \(names.map { "x.\($0)" }.joined(separator: ", ")) FROM jsonb_to_recordset($2::jsonb) AS x(\(recordType))
                ON CONFLICT (table_id, \(key.joined(separator: ", "))) \(update)
                RETURNING 1
                """
        }

        var delete: String? {
            let missing =
                "NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS x(\(keyType)) WHERE \(key.map { "x.\($0) = t.\($0)" }.joined(separator: " AND ")))"
            switch scope {
            case .none: return nil
            case .sessions: return "DELETE FROM \(name) t WHERE t.table_id = $1 AND t.session_id = ANY($3::bigint[]) AND \(missing) RETURNING 1"
            case .table: return "DELETE FROM \(name) t WHERE t.table_id = $1 AND \(missing) RETURNING 1"
            }
        }
    }

    static let targets: [String: Target] = [
        "convene_session": Target(
            name: "convene_session",
            columns: [
                ("session_id", "bigint"), ("day", "date"), ("started_at", "timestamptz"), ("title", "text"), ("headcount", "integer"),
                ("conflicts_raised", "integer"), ("airtime_turns", "integer"), ("airtime_gini", "double precision"),
                ("trust", "double precision"), ("worth", "double precision"),
            ], key: ["session_id"], scope: .none),
        "convene_headcount": Target(
            name: "convene_headcount",
            columns: [
                ("session_id", "bigint"), ("category", "text"), ("present", "integer"),
            ], key: ["session_id", "category"], scope: .sessions),
        "convene_airtime": Target(
            name: "convene_airtime",
            columns: [
                ("session_id", "bigint"), ("category", "text"), ("turns", "integer"),
            ], key: ["session_id", "category"], scope: .sessions),
        "convene_pulse": Target(
            name: "convene_pulse",
            columns: [
                ("session_id", "bigint"), ("number", "integer"), ("question", "text"), ("library_id", "text"), ("answer", "text"),
                ("measures", "text"),
                ("reverse", "boolean"), ("scale_min", "integer"), ("scale_max", "integer"), ("k", "integer"), ("n", "integer"),
                ("present", "integer"),
                ("mean", "double precision"), ("sd", "double precision"), ("normalized_mean", "double precision"), ("histogram", "jsonb"),
                ("comments", "jsonb"),
            ], key: ["session_id", "number"], scope: .sessions),
        "convene_segment": Target(
            name: "convene_segment",
            columns: [
                ("session_id", "bigint"), ("number", "integer"), ("position", "integer"), ("question", "text"), ("segment", "text"),
                ("pooled", "boolean"),
                ("k", "integer"), ("n", "integer"), ("mean", "double precision"), ("histogram", "jsonb"),
            ], key: ["session_id", "number", "position"], scope: .sessions),
        "convene_commitment": Target(
            name: "convene_commitment",
            columns: [
                ("session_id", "bigint"), ("number", "integer"), ("owner_category", "text"), ("due", "text"), ("due_day", "date"),
                ("done_session_id", "bigint"), ("done_day", "date"), ("state", "text"),
            ], key: ["session_id", "number"], scope: .sessions),
        "convene_conflict": Target(
            name: "convene_conflict",
            columns: [
                ("session_id", "bigint"), ("number", "integer"), ("resolved_session_id", "bigint"), ("state", "text"),
            ], key: ["session_id", "number"], scope: .sessions),
        "convene_signal": Target(
            name: "convene_signal",
            columns: [
                ("signal", "text"), ("ordinal", "integer"), ("severity", "text"), ("summary", "text"), ("evidence", "jsonb"), ("figures", "jsonb"),
                ("recommendations", "jsonb"),
            ], key: ["signal", "ordinal"], scope: .table),
    ]

    /// The order of the writes: deletes children first (a segment before its pulse), upserts
    /// parents first.
    static let deleteOrder = [
        "convene_segment", "convene_pulse", "convene_headcount", "convene_airtime", "convene_commitment", "convene_conflict", "convene_signal",
    ]
    static let upsertOrder = [
        "convene_session", "convene_headcount", "convene_airtime", "convene_pulse", "convene_segment", "convene_commitment", "convene_conflict",
        "convene_signal",
    ]

    /// Publishes a group's history in one transaction: the table is chosen by the connecting role
    /// (its writer role), or by the group's name for the network's owner. The network's k is read
    /// in the same transaction and `build` makes the publication under it. Publishing the same
    /// history twice changes nothing (not a row is rewritten); a failure leaves the server as it was.
    public func publish(group: String, _ build: @escaping @Sendable (_ networkK: Int) -> NetworkPublication) async throws(NetworkError)
        -> PublishReport
    {
        let logger = logger
        let url = url
        return try await withTransaction(during: "publish") { connection in
            try await Self.requireSchema(connection, url: url, logger: logger)
            var table = try await connection.query(
                "SELECT id, name FROM convene_table WHERE writer_role = current_user::text FOR UPDATE", logger: logger
            ).collect()
            if table.isEmpty {
                table = try await connection.query("SELECT id, name FROM convene_table WHERE name = \(group) FOR UPDATE", logger: logger).collect()
            }
            guard let row = table.first else { throw NetworkError.noTable(role: url.user, group: group) }
            let (id, name) = try row.decode((String, String).self)
            let networkK = try await connection.query("SELECT k FROM convene_network", logger: logger).collect().first?.decode(Int.self) ?? 5
            let publication = build(networkK)
            // The table's k is the server's to set (migration 003): the same larger of the two.
            var changed = try await connection.query(
                """
                UPDATE convene_table SET local_k = \(publication.localK)
                WHERE id = \(id) AND (local_k, k) IS DISTINCT FROM (\(publication.localK), \(publication.k)) RETURNING 1
                """, logger: logger
            ).collect().count
            let payloads = try Self.payloads(publication)
            let sessionIDs = publication.sessions.map(\.sessionID)
            for name in Self.deleteOrder {
                guard let sql = Self.targets[name]!.delete else { continue }
                var binds = PostgresBindings()
                binds.append(id)
                binds.append(payloads[name]!)
                if Self.targets[name]!.scope == .sessions { binds.append(sessionIDs) }
                changed += try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect().count
            }
            for name in Self.upsertOrder {
                var binds = PostgresBindings()
                binds.append(id)
                binds.append(payloads[name]!)
                changed += try await connection.query(PostgresQuery(unsafeSQL: Self.targets[name]!.upsert, binds: binds), logger: logger).collect()
                    .count
            }
            return PublishReport(
                table: id, tableName: name, k: publication.k, sessions: publication.sessions.count, pulses: publication.pulses.count,
                signals: publication.signals.count, changed: changed)
        }
    }

    /// Each table's rows as one JSON array (read on the server by jsonb_to_recordset).
    static func payloads(_ publication: NetworkPublication) throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        return [
            "convene_session": try json(publication.sessions),
            "convene_headcount": try json(publication.headcounts),
            "convene_airtime": try json(publication.airtime),
            "convene_pulse": try json(publication.pulses),
            "convene_segment": try json(publication.segments),
            "convene_commitment": try json(publication.commitments),
            "convene_conflict": try json(publication.conflicts),
            "convene_signal": try json(publication.signals),
        ]
    }
}
