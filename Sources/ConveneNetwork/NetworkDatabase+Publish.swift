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
    /// as) and its key after `table_id`. A publish replaces all of a table's rows in each
    /// (convene_publish, migration 004).
    struct Target {
        var name: String
        var columns: [(String, String)]
        var key: [String]

        var recordType: String { columns.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }
        var keyType: String { columns.filter { key.contains($0.0) }.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }

    }

    static let targets: [String: Target] = [
        "convene_session": Target(
            name: "convene_session",
            columns: [
                ("session_id", "bigint"), ("day", "date"), ("started_at", "timestamptz"), ("title", "text"), ("headcount", "integer"),
                ("conflicts_raised", "integer"), ("airtime_turns", "integer"), ("airtime_gini", "double precision"),
                ("trust", "double precision"), ("worth", "double precision"),
            ], key: ["session_id"]),
        "convene_headcount": Target(
            name: "convene_headcount",
            columns: [
                ("session_id", "bigint"), ("category", "text"), ("present", "integer"),
            ], key: ["session_id", "category"]),
        "convene_airtime": Target(
            name: "convene_airtime",
            columns: [
                ("session_id", "bigint"), ("category", "text"), ("turns", "integer"),
            ], key: ["session_id", "category"]),
        "convene_pulse": Target(
            name: "convene_pulse",
            columns: [
                ("session_id", "bigint"), ("number", "integer"), ("question", "text"), ("library_id", "text"), ("answer", "text"),
                ("measures", "text"),
                ("reverse", "boolean"), ("scale_min", "integer"), ("scale_max", "integer"), ("k", "integer"), ("n", "integer"),
                ("present", "integer"),
                ("mean", "double precision"), ("sd", "double precision"), ("normalized_mean", "double precision"), ("histogram", "jsonb"),
                ("comments", "jsonb"),
            ], key: ["session_id", "number"]),
        "convene_segment": Target(
            name: "convene_segment",
            columns: [
                ("session_id", "bigint"), ("number", "integer"), ("position", "integer"), ("question", "text"), ("segment", "text"),
                ("pooled", "boolean"),
                ("k", "integer"), ("n", "integer"), ("mean", "double precision"), ("histogram", "jsonb"),
            ], key: ["session_id", "number", "position"]),
        "convene_commitment": Target(
            name: "convene_commitment",
            columns: [
                ("session_id", "bigint"), ("number", "integer"), ("owner_category", "text"), ("due", "text"), ("due_day", "date"),
                ("done_session_id", "bigint"), ("done_day", "date"), ("state", "text"),
            ], key: ["session_id", "number"]),
        "convene_conflict": Target(
            name: "convene_conflict",
            columns: [
                ("session_id", "bigint"), ("number", "integer"), ("resolved_session_id", "bigint"), ("state", "text"),
            ], key: ["session_id", "number"]),
        "convene_signal": Target(
            name: "convene_signal",
            columns: [
                ("signal", "text"), ("ordinal", "integer"), ("severity", "text"), ("summary", "text"), ("evidence", "jsonb"), ("figures", "jsonb"),
                ("recommendations", "jsonb"),
            ], key: ["signal", "ordinal"]),
        "convene_decision": Target(
            name: "convene_decision",
            columns: [
                ("session_id", "bigint"), ("number", "integer"), ("method", "text"), ("status", "text"), ("stances", "integer"), ("k", "integer"),
                ("support", "jsonb"), ("accepted", "boolean"), ("quorum_met", "boolean"), ("present", "integer"),
            ], key: ["session_id", "number"]),
    ]

    /// The order of the writes: deletes children first (a segment before its pulse), upserts
    /// parents first.
    static let deleteOrder = [
        "convene_decision", "convene_segment", "convene_pulse", "convene_headcount", "convene_airtime", "convene_commitment", "convene_conflict",
        "convene_signal",
    ]
    static let upsertOrder = [
        "convene_session", "convene_headcount", "convene_airtime", "convene_pulse", "convene_segment", "convene_commitment", "convene_conflict",
        "convene_signal", "convene_decision",
    ]

    /// Publishes a group's history in one transaction, through the server's `convene_publish`
    /// (migration 004): the table is chosen by the connecting role (its writer role), or by the
    /// group's name for the network's owner; its first publish binds it to `groupID`, the group's
    /// stable id (migration 006), and another group is refused; the server checks every figure and leaves exactly this
    /// history. The network's k is read in the same transaction and `build` makes the publication
    /// under it. Publishing the same history twice changes nothing (not a row is rewritten); a
    /// failure leaves the server as it was.
    public func publish(group: String, groupID: String?, _ build: @escaping @Sendable (_ networkK: Int) -> NetworkPublication)
        async throws(NetworkError)
        -> PublishReport
    {
        let logger = logger
        let url = url
        return try await withTransaction(during: "publish") { connection in
            try await Self.requireSchema(connection, url: url, logger: logger)
            let networkK = try await connection.query("SELECT k FROM convene_network", logger: logger).collect().first?.decode(Int.self) ?? 5
            let publication = build(networkK)
            let payload = try Self.payload(publication)
            guard payload.utf8.count <= NetworkSchema.Limit.payloadBytes else {
                throw NetworkError.server(
                    "this publication is \(payload.utf8.count / 1_048_576) MB: a table publishes at most \(NetworkSchema.Limit.payloadBytes / 1_048_576) MB"
                )
            }
            let rows: [PostgresRow]
            do {
                rows = try await connection.query(
                    "SELECT o_table, o_name, o_k, o_changed FROM convene_publish(\(group)::text, \(groupID)::text, \(publication.localK)::integer, \(payload)::jsonb)",
                    logger: logger
                ).collect()
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "CV001" {
                throw NetworkError.noTable(role: url.user, group: group)
            }
            guard let row = rows.first else { throw NetworkError.noTable(role: url.user, group: group) }
            let (id, name, k, changed) = try row.decode((String, String, Int?, Int).self)
            return PublishReport(
                table: id, tableName: name, k: k ?? publication.k, sessions: publication.sessions.count, pulses: publication.pulses.count,
                signals: publication.signals.count, changed: changed)
        }
    }

    /// The publication as one JSON object: each table's rows as an array under the table's name.
    static func payload(_ publication: NetworkPublication) throws -> String {
        let parts = try payloads(publication).sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }
        return "{" + parts.joined(separator: ",") + "}"
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
            "convene_decision": try json(publication.decisions),
        ]
    }
}
