import Foundation

/// Where the network's PostgreSQL server is and who connects, as libpq reads it: a URL
/// `postgres://user:pass@host:port/db?sslmode=verify-full&sslrootcert=ca.pem` (a Unix socket folder as
/// `postgres://user@/db?host=/path/to/folder`), or key=value pairs (`host=h port=5432 dbname=db user=u`).
/// The password comes from the URL, else `PGPASSWORD`, else `$HOME/.pgpass` (or `PGPASSFILE`).
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

    /// libpq's sslmode: `require` encrypts without checking the certificate, `verify-ca` checks its
    /// chain, `verify-full` its chain and its name; `prefer` (the default) is TLS when the server offers
    /// it, unchecked. (`allow` is read as `prefer`.)
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// sslrootcert: the file of the CA certificates (PEM) that may sign the server's; `system` for the
    /// system's; nil for `~/.postgresql/root.crt` when it exists, else the system's.
    public var rootCertificate: String?
    /// libpq's hostaddr: the IP address connected to, while `host` stays the name the certificate
    /// must carry.
    public var hostAddress: String?

    public init(
        endpoint: Endpoint, user: String, password: String?, database: String, tls: TLSMode = .prefer, rootCertificate: String? = nil,
        hostAddress: String? = nil
    ) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.rootCertificate = rootCertificate
        self.hostAddress = hostAddress
    }

    /// The socket file's full path, for a socket endpoint.
    public var socketPath: String? {
        guard case .socket(let folder, let port) = endpoint else { return nil }
        return (folder.hasSuffix("/") ? folder : folder + "/") + ".s.PGSQL.\(port)"
    }

    /// The server's name as the URL gives it (the socket folder for a socket), for messages.
    public var host: String {
        switch endpoint {
        case .tcp(let host, _): host
        case .socket(let folder, _): folder
        }
    }

    /// Where, for messages: never the password.
    public var description: String {
        switch endpoint {
        case .tcp(let host, let port): "\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        case .socket(let folder, let port): "\(user)@\(folder) (port \(port))/\(database)"
        }
    }

    /// The URL with the password taken out (safe to print), keeping how to reach the server and check
    /// it: sslmode, sslrootcert and hostaddr.
    public var redacted: String {
        var query: [(String, String)] = []
        let base: String
        switch endpoint {
        case .tcp(let host, let port):
            base = "postgres://\(Self.encode(user))@\(host.contains(":") ? "[\(host)]" : Self.encode(host)):\(port)/\(Self.encode(database))"
        case .socket(let folder, let port):
            base = "postgres://\(Self.encode(user))@/\(Self.encode(database))"
            query += [("host", folder), ("port", String(port))]
        }
        if let hostAddress { query.append(("hostaddr", hostAddress)) }
        if tls != .prefer { query.append(("sslmode", tls.rawValue)) }
        if let rootCertificate { query.append(("sslrootcert", rootCertificate)) }
        return query.isEmpty ? base : base + "?" + query.map { "\($0)=\(Self.encode($1, keepSlash: true))" }.joined(separator: "&")
    }

    /// The keys read from a URL's query or a key=value string; libpq refuses others, and so does this.
    static let keys: Set = ["host", "hostaddr", "port", "dbname", "user", "password", "sslmode", "sslrootcert"]

    /// Parses a URL or key=value pairs; the password is looked up in the environment and
    /// `$HOME/.pgpass` when none is given. `environment` and `home` are parameters so that tests need
    /// not touch the real ones; `home` defaults to `$HOME`, as libpq's does.
    public static func parse(
        _ text: String, environment: [String: String] = ProcessInfo.processInfo.environment, home: String? = nil
    ) throws(NetworkError) -> NetworkURL {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // No part of the text is echoed in an error: any part may be a password.
        let given: [String: String]
        if let schemeEnd = trimmed.range(of: "://") {
            guard ["postgres", "postgresql"].contains(trimmed[..<schemeEnd.lowerBound].lowercased()) else {
                throw .badURL(
                    "it is not a postgres:// URL (postgres://ROLE@HOST:PORT/DATABASE) nor key=value pairs (host=HOST dbname=DATABASE user=ROLE)")
            }
            given = try urlParameters(trimmed[schemeEnd.upperBound...])
        } else if trimmed.contains("=") {
            given = try keywordParameters(trimmed)
        } else {
            throw .badURL(
                "it is not a postgres:// URL (postgres://ROLE@HOST:PORT/DATABASE) nor key=value pairs (host=HOST dbname=DATABASE user=ROLE)")
        }
        if let unknown = given.keys.filter({ !keys.contains($0) }).sorted().first {
            throw .badURL("\(Self.named(unknown)) is not a connection parameter convene reads (\(keys.sorted().joined(separator: ", ")))")
        }
        return try resolve(given, environment: environment, home: home ?? environment["HOME"] ?? NSHomeDirectory())
    }

    /// `user:password@host:port/database?key=value&...` into libpq's keys.
    static func urlParameters(_ text: Substring) throws(NetworkError) -> [String: String] {
        var rest = text
        var given: [String: String] = [:]
        // The user part ends at the last @ before the query: a password may hold an unencoded @ or /
        // (libpq stops at the first, and reads the rest of the password as the host).
        if let at = rest[..<(rest.firstIndex(of: "?") ?? rest.endIndex)].lastIndex(of: "@") {
            let info = rest[..<at]
            if let colon = info.firstIndex(of: ":") {
                given["user"] = try decode(info[..<colon], what: "user name")
                given["password"] = try decode(info[info.index(after: colon)...], what: "password")
            } else {
                given["user"] = try decode(info, what: "user name")
            }
            rest = rest[rest.index(after: at)...]
        }
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = try decode(parts[0], what: "query parameter")
                given[key] = try decode(parts.count > 1 ? parts[1] : "", what: "value of \(key)")
            }
            rest = rest[..<mark]
        }
        if let slash = rest.firstIndex(of: "/") {
            let path = try decode(rest[rest.index(after: slash)...], what: "database name")
            if !path.isEmpty, given["dbname"] == nil { given["dbname"] = path }
            rest = rest[..<slash]
        }
        var host: String?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw .badURL("the URL's IPv6 host has no closing ]") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { given["port"] = given["port"] ?? String(after.dropFirst()) }
        } else if let colon = rest.lastIndex(of: ":") {
            host = try decode(rest[..<colon], what: "host")
            given["port"] = given["port"] ?? String(rest[rest.index(after: colon)...])
        } else if !rest.isEmpty {
            host = try decode(rest, what: "host")
        }
        if let host, !host.isEmpty, given["host"]?.isEmpty ?? true { given["host"] = host }
        return given
    }

    /// libpq's `key=value key='quoted \' value'` form.
    static func keywordParameters(_ text: String) throws(NetworkError) -> [String: String] {
        var given: [String: String] = [:]
        var characters = Substring(text)
        func skipSpaces() { characters = characters.drop(while: \.isWhitespace) }
        while true {
            skipSpaces()
            guard !characters.isEmpty else { return given }
            let key = String(characters.prefix { $0 != "=" && !$0.isWhitespace })
            characters = characters.dropFirst(key.count)
            skipSpaces()
            guard !key.isEmpty, characters.first == "=" else {
                throw .badURL("in key=value form every parameter is key=value (\(Self.named(key)) has no =)")
            }
            characters = characters.dropFirst()
            skipSpaces()
            var value = ""
            if characters.first == "'" {
                characters = characters.dropFirst()
                var closed = false
                while let next = characters.first {
                    characters = characters.dropFirst()
                    if next == "\\", let escaped = characters.first {
                        value.append(escaped)
                        characters = characters.dropFirst()
                    } else if next == "'" {
                        closed = true
                        break
                    } else {
                        value.append(next)
                    }
                }
                guard closed else { throw .badURL("the value of \(key) has no closing quote (')") }
            } else {
                while let next = characters.first, !next.isWhitespace {
                    characters = characters.dropFirst()
                    if next == "\\", let escaped = characters.first {
                        value.append(escaped)
                        characters = characters.dropFirst()
                    } else {
                        value.append(next)
                    }
                }
            }
            given[key] = value
        }
    }

    /// The parameters given, then libpq's environment variables, then its defaults.
    static func resolve(_ given: [String: String], environment: [String: String], home: String) throws(NetworkError) -> NetworkURL {
        func value(_ key: String, _ variable: String) -> String? {
            if let text = given[key], !text.isEmpty { return text }
            return environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        let portText = value("port", "PGPORT") ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else { throw .badURL("the port is not a number from 1 to 65535") }
        let host = value("host", "PGHOST")
        let hostAddress = value("hostaddr", "PGHOSTADDR")
        let endpoint: Endpoint
        if let host, !host.hasPrefix("/") {
            endpoint = .tcp(host: host, port: port)
        } else if let hostAddress {
            endpoint = .tcp(host: hostAddress, port: port)
        } else {
            endpoint = .socket(folder: host ?? "/var/run/postgresql", port: port)
        }
        let role = value("user", "PGUSER") ?? NSUserName()
        let database = value("dbname", "PGDATABASE") ?? role
        let modeText = value("sslmode", "PGSSLMODE") ?? "prefer"
        guard let tls = modeText == "allow" ? .prefer : TLSMode(rawValue: modeText) else {
            throw .badURL("sslmode=\(modeText) is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var url = NetworkURL(
            endpoint: endpoint, user: role, password: given["password"], database: database, tls: tls,
            rootCertificate: value("sslrootcert", "PGSSLROOTCERT"),
            hostAddress: host != nil && !(host?.hasPrefix("/") ?? true) ? hostAddress : nil)
        if url.password?.isEmpty ?? true { url.password = environment["PGPASSWORD"] }
        if url.password == nil {
            let file = environment["PGPASSFILE"] ?? (home as NSString).appendingPathComponent(".pgpass")
            url.password = PGPass.password(file: file, for: url)
        }
        return url
    }

    /// Percent-decoding of one URL part; a malformed one is an error that names the part, not its text.
    static func decode(_ part: Substring, what: String) throws(NetworkError) -> String {
        guard let decoded = String(part).removingPercentEncoding else {
            throw .badURL("the URL's \(what) has a % that is not followed by two hex digits: write % as %25 (and @ as %40, / as %2F)")
        }
        return decoded
    }

    /// A key for a message, only when it looks like one: a stray word may be part of a password.
    static func named(_ key: String) -> String {
        !key.isEmpty && key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "_") }) ? key : "a parameter"
    }

    static func encode(_ part: String, keepSlash: Bool = false) -> String {
        var allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        if keepSlash { allowed.insert("/") }
        return part.addingPercentEncoding(withAllowedCharacters: allowed) ?? part
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
