import ConveneCore
import Foundation
import PostgresNIO
import Synchronization

/// The network's shared PostgreSQL server, reached with postgres-nio's PostgresClient. Open it with
/// `NetworkDatabase.with(url) { network in ... }`: the client runs for the length of the closure.
/// Every error that leaves it is a `NetworkError` (one line).
public final class NetworkDatabase: Sendable {
    public let url: NetworkURL
    let client: PostgresClient
    let logger: Logger
    /// How long to wait for a connection from the pool before saying the server cannot be reached
    /// (postgres-nio's pool retries a server that is down rather than failing the lease).
    let leaseTimeout: Duration

    init(url: NetworkURL, client: PostgresClient, logger: Logger, leaseTimeout: Duration) {
        self.url = url
        self.client = client
        self.logger = logger
        self.leaseTimeout = leaseTimeout
    }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "convene.network")
        logger.logLevel = .critical
        return logger
    }

    /// Connects (checking first, with one plain connection, that the server answers and takes the
    /// role and database, so that a wrong password is an error and not a wait), then runs `body`.
    public static func with<T: Sendable>(
        _ url: NetworkURL, connectTimeout: Duration = .seconds(10),
        _ body: (NetworkDatabase) async throws -> T
    ) async throws(NetworkError) -> T {
        let logger = quietLogger()
        do {
            try await preflight(url, timeout: connectTimeout, logger: logger)
            let client = PostgresClient(configuration: try clientConfiguration(url, connectTimeout: connectTimeout), backgroundLogger: logger)
            // Not awaited at the end: a pool whose server went away may take long to wind down, and
            // the command has its answer by then.
            let running = Task { await client.run() }
            defer { running.cancel() }
            return try await body(NetworkDatabase(url: url, client: client, logger: logger, leaseTimeout: connectTimeout))
        } catch {
            throw NetworkError.from(error, url: url, during: "the connection")
        }
    }

    static func clientConfiguration(_ url: NetworkURL, connectTimeout: Duration) throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch url.endpoint {
        case .tcp(let host, let port):
            let settings = try tlsConfiguration(url)
            let tls: PostgresClient.Configuration.TLS =
                switch (url.tls, settings) {
                case (_, nil): .disable
                case (.prefer, let tls?): .prefer(tls)
                case (_, let tls?): .require(tls)
                }
            configuration = .init(
                host: url.hostAddress ?? host, port: port, username: url.user, password: url.password, database: url.database, tls: tls)
            configuration.options.tlsServerName = tlsServerName(url)
        case .socket:
            configuration = .init(unixSocketPath: url.socketPath!, username: url.user, password: url.password, database: url.database)
        }
        configuration.options.connectTimeout = connectTimeout
        configuration.options.keepAliveBehavior = nil
        configuration.options.maximumConnections = 4
        return configuration
    }

    static func connectionConfiguration(_ url: NetworkURL, connectTimeout: Duration) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch url.endpoint {
        case .tcp(let host, let port):
            let settings = try tlsConfiguration(url)
            let tls: PostgresConnection.Configuration.TLS =
                switch (url.tls, settings) {
                case (_, nil): .disable
                case (.prefer, let tls?): .prefer(try NIOSSLContext(configuration: tls))
                case (_, let tls?): .require(try NIOSSLContext(configuration: tls))
                }
            configuration = .init(
                host: url.hostAddress ?? host, port: port, username: url.user, password: url.password, database: url.database, tls: tls)
            configuration.options.tlsServerName = tlsServerName(url)
        case .socket:
            configuration = .init(unixSocketPath: url.socketPath!, username: url.user, password: url.password, database: url.database)
        }
        let (seconds, attoseconds) = connectTimeout.components
        configuration.options.connectTimeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        return configuration
    }

    /// With hostaddr the certificate is checked against `host`, as libpq does (and SNI names it);
    /// an IP address is never sent as SNI and is checked against the certificate's addresses.
    static func tlsServerName(_ url: NetworkURL) -> String? {
        guard url.hostAddress != nil, case .tcp(let host, _) = url.endpoint else { return nil }
        return host
    }

    /// libpq's sslmode as NIOSSL settings; nil for no TLS. `prefer` and `require` encrypt without
    /// checking (libpq's meaning, which lets a private CA's server be reached at all), except that
    /// `require` with an explicit sslrootcert checks the chain, as libpq does for compatibility.
    static func tlsConfiguration(_ url: NetworkURL) throws(NetworkError) -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        let root = url.rootCertificate ?? defaultRootCertificate()
        switch url.tls {
        case .disable: return nil
        case .prefer: tls.certificateVerification = .none
        case .require: tls.certificateVerification = url.rootCertificate == nil || url.rootCertificate == "system" ? .none : .noHostnameVerification
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if tls.certificateVerification != .none, let root, root != "system" {
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(root)
                guard !certificates.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
                tls.trustRoots = .certificates(certificates)
            } catch {
                throw NetworkError.tls(host: url.host, problem: .rootCertificateUnreadable(file: root))
            }
        }
        return tls
    }

    /// libpq's default CA file, `~/.postgresql/root.crt`, when it is there; else the system's CAs.
    static func defaultRootCertificate() -> String? {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        let file = (home as NSString).appendingPathComponent(".postgresql/root.crt")
        return FileManager.default.fileExists(atPath: file) ? file : nil
    }

    /// One plain connection and `SELECT 1`: the precise error when the server, the role or the
    /// database is wrong.
    static func preflight(_ url: NetworkURL, timeout: Duration, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: connectionConfiguration(url, connectTimeout: timeout), id: 1, logger: logger)
        do {
            try await connection.query("SELECT 1", logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    /// A connection from the pool for `body`, or `unreachable` when none comes within the lease
    /// timeout (the server went away after the first check).
    func withConnection<T: Sendable>(during: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(NetworkError)
        -> T
    {
        let started = Flag()
        let client = client
        let timeout = leaseTimeout
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        started.set()
                        return try await Self.untilClosed(connection, lost: NetworkError.connectionLost(target: self.url.description, during: during))
                        {
                            try await body(connection)
                        }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    if started.isSet { return nil }
                    throw NetworkError.unreachable(target: self.url.description, reason: "no connection within \(timeout.components.seconds) s")
                }
                defer { group.cancelAll() }
                while let next = try await group.next() {
                    if let value = next { return value }
                }
                throw NetworkError.connectionLost(target: self.url.description, during: during)
            }
        } catch {
            throw NetworkError.from(error, url: url, during: during)
        }
    }

    /// `work`'s result, or `lost` as soon as the server closes the connection: a query in flight
    /// when the server goes away is not always failed by postgres-nio (seen here: a publish waiting
    /// forever after the server was stopped), so nothing waits on it. The work left behind holds a
    /// closed connection and ends with the process.
    static func untilClosed<T: Sendable>(_ connection: PostgresConnection, lost: NetworkError, _ work: @escaping @Sendable () async throws -> T)
        async throws -> T
    {
        let outcome = Outcome<T>()
        return try await withCheckedThrowingContinuation { continuation in
            outcome.start(continuation)
            let task = Task {
                do { outcome.finish(.success(try await work())) } catch { outcome.finish(.failure(error)) }
            }
            connection.closeFuture.whenComplete { _ in
                outcome.finish(.failure(lost))
                task.cancel()
            }
        }
    }

    /// `body` in one transaction: committed when it returns, rolled back when it throws.
    func withTransaction<T: Sendable>(during: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(NetworkError)
        -> T
    {
        let logger = logger
        return try await withConnection(during: during) { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await body(connection)
            }
        }
    }

    /// Runs one query and collects its rows.
    func rows(_ query: PostgresQuery, during: String) async throws(NetworkError) -> [PostgresRow] {
        let logger = logger
        return try await withConnection(during: during) { connection in
            try await connection.query(query, logger: logger).collect()
        }
    }
}

/// The first of several outcomes resumes a continuation; the others are ignored.
final class Outcome<T: Sendable>: Sendable {
    private let state = Mutex<(CheckedContinuation<T, any Error>?, Result<T, any Error>?)>((nil, nil))

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            if let result = state.1 {
                state.1 = nil
                return result
            }
            state.0 = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func finish(_ result: Result<T, any Error>) {
        let waiting = state.withLock { state -> CheckedContinuation<T, any Error>? in
            if let continuation = state.0 {
                state.0 = nil
                state.1 = nil
                return continuation
            }
            // Not started yet: keep the first result only.
            if state.1 == nil { state.1 = result }
            return nil
        }
        waiting?.resume(with: result)
    }
}

/// A flag set once, read from another task.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

extension NetworkDatabase {
    /// Blocks the calling (non-async) thread until `operation` ends: the command line is
    /// synchronous, the network is not.
    public static func blocking<T: Sendable>(_ operation: @escaping @Sendable () async throws(NetworkError) -> T) throws(NetworkError) -> T {
        let box = Mutex<Result<T, NetworkError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, NetworkError>
            do throws(NetworkError) { result = .success(try await operation()) } catch { result = .failure(error) }
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try box.withLock { $0! }.get()
    }
}
