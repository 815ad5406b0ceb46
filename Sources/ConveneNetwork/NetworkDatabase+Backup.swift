import Foundation
import PostgresNIO

/// `convene network backup FILE` and `restore FILE` (issue 28): the network's rows and its roles,
/// through the network's own SQL, so that a network comes back on a fresh server without psql or a
/// pg_dump of the server's version (a hosted server's often differs from the laptop's). Roles are
/// server-wide, so a plain pg_dump of the database would restore tables whose roles are missing.
///
/// The file is text, one record a line, `KIND<TAB>JSON`: first `convene-network-backup` (the
/// migrations and the network's k), then one `role` line for each login role of the network (its
/// name, whether it writes or reads, and its password's SCRAM hash when the backup was taken by a
/// superuser, who alone can read it), then one line per row, KIND naming its table, parents before
/// children. Rows are PostgreSQL's own `row_to_json`, read back with `jsonb_populate_recordset`.
extension NetworkDatabase {
    public struct BackupReport: Sendable, Equatable {
        public var tables: Int
        public var rows: Int
        public var roles: Int
        /// Roles whose password is in the file (a superuser took it); the others are set again after a restore.
        public var passwords: Int
    }

    public struct RestoreReport: Sendable, Equatable {
        public var tables: Int
        public var rows: Int
        /// Login roles made on this server now.
        public var createdRoles: [String]
        /// Roles with no password after the restore: the backbone sets each with psql's \password.
        public var withoutPassword: [String]
    }

    static let backupHeader = "convene-network-backup"

    /// The tables a backup holds, parents before children (the order a restore inserts them).
    static let backupTables = ["convene_table"] + upsertOrder + ["convene_activity"]

    struct BackupRole: Codable, Equatable {
        var name: String
        /// "writer" for a table's role, "reader" for the backbone's staff.
        var kind: String
        var password: String?
    }

    struct BackupHeader: Codable {
        var migrations: [String]
        var k: Int
        var takenAt: String
    }

    /// Writes the whole network to `path` (mode 0600: it may hold password hashes), read in one
    /// snapshot. The file is written beside `path` and moved over it at the end, so a failure
    /// leaves no half backup under that name.
    public func backup(to path: String) async throws(NetworkError) -> BackupReport {
        let logger = logger
        let url = url
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
            let file = FileHandle(forWritingAtPath: partial)
        else {
            throw NetworkError.backup("cannot write \(path): check the folder exists and this user may write there")
        }
        let sink = BackupSink(file)
        do {
            let report = try await withTransaction(during: "network backup") { connection in
                try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
                try await Self.requireSchema(connection, url: url, logger: logger)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                var migrations: [String] = []
                for try await name in try await connection.query("SELECT name FROM convene_migration ORDER BY applied_at, name", logger: logger)
                    .decode(String.self)
                {
                    migrations.append(name)
                }
                let k = try await connection.query("SELECT k FROM convene_network", logger: logger).collect().first?.decode(Int.self) ?? 5
                let header = BackupHeader(migrations: migrations, k: k, takenAt: ISO8601DateFormatter().string(from: Date()))
                try sink.write(Self.backupHeader, String(decoding: try encoder.encode(header), as: UTF8.self))
                let roles = try await Self.roles(connection, logger: logger)
                for role in roles { try sink.write("role", String(decoding: try encoder.encode(role), as: UTF8.self)) }
                var rows = 0
                var tables = 0
                for table in Self.backupTables {
                    for try await json in try await connection.query(
                        PostgresQuery(unsafeSQL: "SELECT row_to_json(t)::text FROM \(table) t"), logger: logger
                    )
                    .decode(String.self) {
                        try sink.write(table, json)
                        rows += 1
                        if table == "convene_table" { tables += 1 }
                    }
                }
                try sink.flush()
                return BackupReport(tables: tables, rows: rows, roles: roles.count, passwords: roles.filter { $0.password != nil }.count)
            }
            try file.synchronize()
            try file.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
            return report
        } catch {
            try? file.close()
            try? FileManager.default.removeItem(atPath: partial)
            if let error = error as? NetworkError { throw error }
            throw NetworkError.backup("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The network's login roles: each table's writer and each reader of this database's network
    /// (superusers, such as the owner, are not the network's). Password hashes only for a superuser.
    static func roles(_ connection: PostgresConnection, logger: Logger) async throws -> [BackupRole] {
        let namespace = try await namespace(connection, logger: logger)
        let network = NetworkSchema.networkRole(namespace: namespace)
        let superuser =
            try await connection.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", logger: logger).collect().first?.decode(
                Bool.self) ?? false
        let password = superuser ? "(SELECT a.rolpassword FROM pg_authid a WHERE a.oid = r.oid)" : "NULL::text"
        let sql = """
            SELECT r.rolname::text, CASE WHEN pg_has_role(r.oid, '\(NetworkSchema.writerRole)', 'MEMBER') THEN 'writer' ELSE 'reader' END, \(password)
            FROM pg_roles r
            WHERE NOT r.rolsuper AND r.rolname NOT IN ('\(NetworkSchema.writerRole)', '\(NetworkSchema.readerRole)', '\(network)')
                AND (r.rolname IN (SELECT writer_role FROM convene_table WHERE writer_role IS NOT NULL)
                    OR (pg_has_role(r.oid, '\(NetworkSchema.readerRole)', 'MEMBER') AND pg_has_role(r.oid, '\(network)', 'MEMBER')))
            ORDER BY 1
            """
        var roles: [BackupRole] = []
        for try await (name, kind, hash) in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(
            (String, String, String?).self)
        {
            roles.append(BackupRole(name: name, kind: kind, password: hash))
        }
        return roles
    }

    /// Restores a backup into this database: its schema is made or brought up to date first
    /// (`network init`), and the database must hold no table yet. Rows and roles come back in one
    /// transaction; a role already on the server is taken only if it is this network's (a role of
    /// another network is refused, as `grant` refuses it).
    public func restore(from path: String) async throws(NetworkError) -> RestoreReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NetworkError.backup("cannot read \(path): give the file `convene network backup` wrote")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        let decoder = JSONDecoder()
        func split(_ line: Substring) -> (Substring, Substring)? {
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            return (line[..<tab], line[line.index(after: tab)...])
        }
        guard let first = lines.first, case (let kind, let json)? = split(first), kind == Self.backupHeader,
            let header = try? decoder.decode(BackupHeader.self, from: Data(json.utf8))
        else {
            throw NetworkError.backup("\(path) is not a backup of a network: give the file `convene network backup` wrote")
        }
        let known = Set(NetworkSchema.migrations.map(\.name))
        if let newer = header.migrations.first(where: { !known.contains($0) }) {
            throw NetworkError.backup(
                "\(path) comes from a newer convene (its network has migration \(newer)): restore it with that version or later")
        }
        var read: [BackupRole] = []
        var rows: [(table: String, json: Substring)] = []
        let tables = Set(Self.backupTables)
        for (number, line) in lines.enumerated().dropFirst() {
            guard case (let kind, let json)? = split(line) else {
                throw NetworkError.backup("\(path), line \(number + 1), cannot be read: the file is damaged")
            }
            if kind == "role" {
                guard let role = try? decoder.decode(BackupRole.self, from: Data(json.utf8)) else {
                    throw NetworkError.backup("\(path), line \(number + 1), cannot be read: the file is damaged")
                }
                read.append(role)
            } else if tables.contains(String(kind)) {
                rows.append((String(kind), json))
            } else {
                throw NetworkError.backup("\(path), line \(number + 1), names no table of the network (\(kind.prefix(40))): the file is damaged")
            }
        }
        _ = try await initialize()
        let roles = read
        let logger = logger
        let url = url
        let batches = Self.batches(rows)
        let tableCount = rows.filter { $0.table == "convene_table" }.count
        let rowCount = rows.count
        return try await withTransaction(during: "network restore") { connection in
            try await connection.query("SET LOCAL lock_timeout = '15s'", logger: logger)
            try await Self.requireSchema(connection, url: url, logger: logger)
            let existing =
                try await connection.query("SELECT count(*)::int FROM convene_table", logger: logger).collect().first?.decode(Int.self) ?? 0
            guard existing == 0 else {
                throw NetworkError.backup(
                    "this network already has \(existing) table\(existing == 1 ? "" : "s"): restore into a new, empty database (createdb, then convene network restore FILE --network URL)"
                )
            }
            let namespace = try await Self.namespace(connection, logger: logger)
            let network = NetworkSchema.networkRole(namespace: namespace)
            var created: [String] = []
            var withoutPassword: [String] = []
            for role in roles {
                let group = role.kind == "writer" ? NetworkSchema.writerRole : NetworkSchema.readerRole
                // nil: not on this server; false: another network's (or not a role of this kind).
                let ours = try await connection.query(
                    "SELECT pg_has_role(oid, \(network), 'MEMBER') AND pg_has_role(oid, \(group), 'MEMBER') FROM pg_roles WHERE rolname = \(role.name)",
                    logger: logger
                ).collect().first?.decode(Bool.self)
                if ours == false {
                    throw NetworkError.backup(
                        "role \(role.name) already exists on this server and is not this network's: restore on another server, or drop that role first"
                    )
                }
                try await Self.admit(role.name, group: group, connection, logger: logger)
                // A role that was already here keeps its password.
                guard ours == nil else { continue }
                created.append(role.name)
                if let hash = role.password {
                    let quoted = "\"" + role.name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    let literal = "'" + hash.replacingOccurrences(of: "'", with: "''") + "'"
                    try await connection.query(PostgresQuery(unsafeSQL: "ALTER ROLE \(quoted) PASSWORD \(literal)"), logger: logger)
                } else {
                    withoutPassword.append(role.name)
                }
            }
            try await connection.query("UPDATE convene_network SET k = \(header.k)", logger: logger)
            for (table, json) in batches {
                try await connection.query(
                    "INSERT INTO \(unescaped: table) SELECT * FROM jsonb_populate_recordset(NULL::\(unescaped: table), \(json)::jsonb)",
                    logger: logger)
            }
            // A suspended table's role cannot log in, as before the backup.
            let suspended = try await connection.query(
                "SELECT writer_role FROM convene_table WHERE suspended AND writer_role IS NOT NULL", logger: logger
            ).collect().map { try $0.decode(String.self) }
            for role in suspended {
                let quoted = "\"" + role.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                try await connection.query(PostgresQuery(unsafeSQL: "ALTER ROLE \(quoted) NOLOGIN"), logger: logger)
            }
            return RestoreReport(tables: tableCount, rows: rowCount, createdRoles: created, withoutPassword: withoutPassword)
        }
    }

    /// Rows as JSON arrays of at most 5,000 rows or 8 MB, each of one table, in the file's order.
    static func batches(_ rows: [(table: String, json: Substring)]) -> [(String, String)] {
        var batches: [(String, String)] = []
        var table = ""
        var parts: [Substring] = []
        var bytes = 0
        func close() {
            if !parts.isEmpty { batches.append((table, "[" + parts.joined(separator: ",") + "]")) }
            parts = []
            bytes = 0
        }
        for row in rows {
            if row.table != table || parts.count >= 5000 || bytes >= 8 << 20 { close() }
            table = row.table
            parts.append(row.json)
            bytes += row.json.utf8.count
        }
        close()
        return batches
    }
}

/// Lines written to a backup through a buffer (one write per megabyte, not per row).
final class BackupSink: @unchecked Sendable {
    private let file: FileHandle
    private var buffer = Data()
    private let lock = NSLock()

    init(_ file: FileHandle) { self.file = file }

    func write(_ kind: String, _ json: String) throws {
        try lock.withLock {
            buffer.append(contentsOf: Array(kind.utf8))
            buffer.append(UInt8(ascii: "\t"))
            buffer.append(contentsOf: Array(json.utf8))
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 20 { try drain() }
        }
    }

    func flush() throws { try lock.withLock { try drain() } }

    private func drain() throws {
        try file.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
