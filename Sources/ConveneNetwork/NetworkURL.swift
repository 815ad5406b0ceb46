import Foundation

/// Where the network's PostgreSQL server is and who connects: `postgres://user:pass@host:port/db`,
/// or a Unix socket folder as `postgres://user@/db?host=/path/to/folder` (libpq's form). The password
/// comes from the URL, else `PGPASSWORD`, else `~/.pgpass` (or `PGPASSFILE`), as libpq reads them.
public struct NetworkURL: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The folder holding the socket; the socket is `.s.PGSQL.PORT` in it.
        case socket(folder: String, port: Int)

        public var port: Int {
            switch self {
            case .tcp(_, let port), .socket(_, let port): port
            }
        }
    }

    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(endpoint: Endpoint, user: String, password: String?, database: String, tls: TLSMode = .prefer) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// The socket file's full path, for a socket endpoint.
    public var socketPath: String? {
        guard case .socket(let folder, let port) = endpoint else { return nil }
        return (folder.hasSuffix("/") ? folder : folder + "/") + ".s.PGSQL.\(port)"
    }

    /// Where, for messages: never the password.
    public var description: String {
        switch endpoint {
        case .tcp(let host, let port): "\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        case .socket(let folder, let port): "\(user)@\(folder) (port \(port))/\(database)"
        }
    }

    /// The URL as given, with the password taken out (safe to print).
    public var redacted: String {
        switch endpoint {
        case .tcp(let host, let port): "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        case .socket(let folder, let port): "postgres://\(user)@/\(database)?host=\(folder)&port=\(port)"
        }
    }

    /// Parses a URL; the password is looked up in the environment and ~/.pgpass when the URL has
    /// none. `environment` and `home` are parameters so that tests need not touch the real ones.
    public static func parse(
        _ text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        home: String = NSHomeDirectory()
    ) throws(NetworkError) -> NetworkURL {
        guard let schemeEnd = text.range(of: "://"), ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound].lowercased()) else {
            throw .badURL("\(Self.scrub(text)) is not a postgres:// URL (postgres://ROLE@HOST:PORT/DATABASE)")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let key = decode(parts[0]) else { throw .badURL("the URL has a bad query parameter") }
                query[key] = parts.count > 1 ? decode(parts[1]) : ""
            }
            rest = rest[..<mark]
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let info = rest[..<at]
            if let colon = info.firstIndex(of: ":") {
                user = decode(info[..<colon])
                password = decode(info[info.index(after: colon)...])
            } else {
                user = decode(info)
            }
            rest = rest[rest.index(after: at)...]
        }
        var host: String?
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw .badURL("the URL's IPv6 host has no closing ]") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { port = Int(after.dropFirst()) ?? -1 }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            port = Int(rest[rest.index(after: colon)...]) ?? -1
        } else if !rest.isEmpty {
            host = decode(rest)
        }
        if let given = query["port"] { port = Int(given) ?? -1 }
        if port == nil, let env = environment["PGPORT"] { port = Int(env) ?? -1 }
        let finalPort = port ?? 5432
        guard (1...65535).contains(finalPort) else { throw .badURL("the URL's port is not a number from 1 to 65535") }
        if let given = query["host"], !given.isEmpty { host = given }
        if host == nil || host == "" { host = environment["PGHOST"] }
        let endpoint: Endpoint
        if let host, !host.isEmpty, !host.hasPrefix("/") {
            endpoint = .tcp(host: host, port: finalPort)
        } else {
            endpoint = .socket(folder: host ?? "/var/run/postgresql", port: finalPort)
        }
        let role = (user?.isEmpty == false ? user : nil) ?? query["user"] ?? environment["PGUSER"] ?? NSUserName()
        let database = (decode(Substring(path)).flatMap { $0.isEmpty ? nil : $0 }) ?? query["dbname"] ?? environment["PGDATABASE"] ?? role
        let tls: TLSMode
        switch query["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer" {
        case "disable": tls = .disable
        case "allow", "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other: throw .badURL("sslmode=\(other) is not one of disable, prefer, require")
        }
        var url = NetworkURL(endpoint: endpoint, user: role, password: password, database: database, tls: tls)
        if url.password == nil { url.password = environment["PGPASSWORD"] }
        if url.password == nil {
            let file = environment["PGPASSFILE"] ?? (home as NSString).appendingPathComponent(".pgpass")
            url.password = PGPass.password(file: file, for: url)
        }
        return url
    }

    /// Percent-decoding of one URL part (nil when it is malformed).
    static func decode(_ part: Substring) -> String? {
        String(part).removingPercentEncoding
    }

    /// A URL as a user typed it, with any password replaced, for an error message.
    static func scrub(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"), let at = text[schemeEnd.upperBound...].firstIndex(of: "@") else { return text }
        let info = text[schemeEnd.upperBound..<at]
        guard let colon = info.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}

/// libpq's password file: lines of `hostname:port:database:username:password`, `*` matching
/// anything, `\:` and `\\` escaped, `#` comments. Ignored, as libpq does, when others can read it.
public enum PGPass {
    public static func password(file: String, for url: NetworkURL) -> String? {
        var info = stat()
        guard stat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o077 == 0,
            let text = try? String(contentsOfFile: file, encoding: .utf8)
        else { return nil }
        let host: [String]
        switch url.endpoint {
        case .tcp(let name, _): host = [name]
        // A socket matches "localhost" and the socket folder, as in libpq.
        case .socket(let folder, _): host = ["localhost", folder]
        }
        return password(text: text, hosts: host, port: url.endpoint.port, database: url.database, user: url.user)
    }

    public static func password(text: String, hosts: [String], port: Int, database: String, user: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.fields(line)
            guard fields.count == 5 else { continue }
            func matches(_ field: String, _ value: String) -> Bool { field == "*" || field == value }
            if (fields[0] == "*" || hosts.contains(fields[0])) && matches(fields[1], String(port)) && matches(fields[2], database)
                && matches(fields[3], user)
            {
                return fields[4]
            }
        }
        return nil
    }

    /// Splits one line at unescaped colons; the last field (the password) keeps any further colons
    /// only when escaped, as libpq reads it.
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
