import Foundation
import Synchronization
import Testing

/// A throwaway PostgreSQL cluster for the tests: started once per test process in a temporary
/// folder (initdb and pg_ctl from Debian's /usr/lib/postgresql/*/bin, as the `postgres` user when
/// the tests run as root, since PostgreSQL refuses to run as root), listening on a Unix socket in
/// that folder (trust) and on a free 127.0.0.1 port (password, SCRAM, and TLS with a certificate
/// for the name localhost only, signed by a CA made for the cluster: `caFile`), and stopped with its
/// folder removed when the process ends. Nothing is skipped: if it cannot start, every test that needs it
/// fails with the reason.
final class TestCluster: Sendable {
    /// The superuser made by initdb, and its password (for TCP; the socket trusts local users).
    static let superuser = "convene"
    static let password = "cluster-secret-\(UInt32.random(in: 0 ... .max))"

    let folder: String
    let port: Int
    let bin: String

    var socketFolder: String { folder }
    var data: String { folder + "/data" }
    /// The certificate of the CA that signed the server's certificate (PEM), for sslrootcert=.
    var caFile: String { folder + "/tls/ca.crt" }

    private static let started: Result<TestCluster, ClusterError> = {
        do {
            let cluster = try TestCluster.make()
            return .success(cluster)
        } catch let error as ClusterError {
            return .failure(error)
        } catch {
            return .failure(ClusterError(message: "\(error)"))
        }
    }()

    /// The cluster of this test process; throws (so the test fails) with the reason when it
    /// could not start.
    static func shared() throws -> TestCluster {
        try started.get()
    }

    struct ClusterError: Error, CustomStringConvertible {
        var message: String
        var description: String { "the test PostgreSQL cluster did not start: \(message)" }
    }

    private init(folder: String, port: Int, bin: String) {
        self.folder = folder
        self.port = port
        self.bin = bin
    }

    // MARK: - URLs

    /// The superuser over the Unix socket (trust).
    func socketURL(database: String, user: String = TestCluster.superuser) -> String {
        "postgres://\(user)@/\(database)?host=\(socketFolder)&port=\(port)"
    }

    /// A role over TCP on 127.0.0.1 (password required).
    func tcpURL(database: String, user: String = TestCluster.superuser, password: String? = TestCluster.password) -> String {
        let secret = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""
        return "postgres://\(user)\(secret)@127.0.0.1:\(port)/\(database)"
    }

    /// A new, empty database for one test: tests run in parallel and each has its own network.
    func makeDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try psql(database: "postgres", "CREATE DATABASE \(name)")
        return name
    }

    /// Runs SQL through psql as the superuser over the socket (for set-up and inspection only).
    @discardableResult
    func psql(database: String, user: String = TestCluster.superuser, _ sql: String) throws -> String {
        let result = try Self.run(
            bin + "/psql",
            ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", socketFolder, "-p", "\(port)", "-U", user, "-d", database, "-c", sql],
            asPostgres: false)
        guard result.status == 0 else { throw ClusterError(message: "psql: \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server (the test of a server that goes away), and starts it again.
    func stop() throws {
        let result = try Self.run(bin + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], asPostgres: true)
        guard result.status == 0 else { throw ClusterError(message: "pg_ctl stop: \(result.output)") }
    }

    func start() throws {
        let result = try Self.run(bin + "/pg_ctl", Self.startArguments(data: data, folder: folder, port: port), asPostgres: true)
        guard result.status == 0 else {
            throw ClusterError(message: "pg_ctl start: \(result.output) \((try? String(contentsOfFile: folder + "/log", encoding: .utf8)) ?? "")")
        }
    }

    // MARK: - Start and stop

    /// A cluster of its own, for a test that stops its server; `destroy()` it at the end (the
    /// process's exit stops it otherwise).
    static func makePrivate() throws -> TestCluster {
        try make()
    }

    /// Stops the server and removes its folder.
    func destroy() {
        _ = try? Self.run(bin + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], asPostgres: true)
        try? FileManager.default.removeItem(atPath: folder)
        Self.running.withLock { $0.removeAll { $0.folder == folder } }
    }

    private static func make() throws -> TestCluster {
        removeStaleClusters()
        let bin = try findBin()
        let asRoot = geteuid() == 0
        var template = Array((NSTemporaryDirectory() + "convene-pg-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw ClusterError(message: "mkdtemp failed: \(String(cString: strerror(errno)))") }
        let folder = String(cString: made)
        try "\(getpid())".write(toFile: folder + "/owner.pid", atomically: true, encoding: .utf8)
        if asRoot {
            guard let user = getpwnam("postgres") else {
                throw ClusterError(message: "running as root and there is no postgres user: install Debian's postgresql (make test-deps)")
            }
            guard chown(folder, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw ClusterError(message: "chown \(folder) to postgres: \(String(cString: strerror(errno)))")
            }
        }
        chmod(folder, 0o700)
        let passwordFile = folder + "/pw"
        try password.write(toFile: passwordFile, atomically: false, encoding: .utf8)
        if asRoot, let user = getpwnam("postgres") { chown(passwordFile, user.pointee.pw_uid, user.pointee.pw_gid) }
        let initdb = try run(
            bin + "/initdb",
            [
                "-D", folder + "/data", "-U", superuser, "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C", "--no-sync",
            ], asPostgres: asRoot)
        guard initdb.status == 0 else { throw ClusterError(message: "initdb: \(initdb.output)") }
        try? FileManager.default.removeItem(atPath: passwordFile)
        try makeServerCertificate(folder: folder + "/tls", asRoot: asRoot)
        let port = try freePort()
        let cluster = TestCluster(folder: folder, port: port, bin: bin)
        running.withLock { $0.append((bin, folder)) }
        _ = stopsAtExit
        try cluster.start()
        return cluster
    }

    /// Every cluster this process started is stopped when it exits.
    private static let stopsAtExit: Void = { atexit { TestCluster.stopAtExit() } }()

    private static let running = Mutex<[(bin: String, folder: String)]>([])

    private static func stopAtExit() {
        for (bin, folder) in running.withLock({ $0 }) {
            _ = try? run(bin + "/pg_ctl", ["-D", folder + "/data", "-m", "fast", "-w", "stop"], asPostgres: geteuid() == 0)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    static func startArguments(data: String, folder: String, port: Int) -> [String] {
        [
            "-D", data, "-l", folder + "/log", "-w", "-t", "60",
            "-o",
            "-c listen_addresses=127.0.0.1 -c port=\(port) -c unix_socket_directories=\(folder) -c fsync=off -c full_page_writes=off -c max_connections=200"
                + " -c ssl=on -c ssl_cert_file=\(folder)/tls/server.crt -c ssl_key_file=\(folder)/tls/server.key",
            "start",
        ]
    }

    // MARK: - TLS

    /// A CA (`NAME.crt`, `NAME.key`) made with openssl in `folder`: the tests' own, never trusted
    /// system-wide.
    static func makeCA(folder: String, name: String = "ca") throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-keyout", "\(folder)/\(name).key", "-out", "\(folder)/\(name).crt", "-subj", "/CN=Convene test CA \(name)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    /// The server's key and a certificate for the name localhost only (so 127.0.0.1 is a wrong name), signed by a new CA, readable by
    /// the postgres user only (PostgreSQL refuses a key others can read).
    private static func makeServerCertificate(folder: String, asRoot: Bool) throws {
        try makeCA(folder: folder)
        try "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n".write(
            toFile: folder + "/server.ext", atomically: true, encoding: .utf8)
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", folder + "/server.key", "-out",
            folder + "/server.csr", "-subj", "/CN=localhost",
        ])
        try openssl([
            "x509", "-req", "-in", folder + "/server.csr", "-CA", folder + "/ca.crt", "-CAkey", folder + "/ca.key", "-CAcreateserial",
            "-days", "2", "-out", folder + "/server.crt", "-extfile", folder + "/server.ext",
        ])
        chmod(folder + "/server.key", 0o600)
        if asRoot, let user = getpwnam("postgres") {
            for file in [folder, folder + "/server.key", folder + "/server.crt", folder + "/ca.crt"] {
                chown(file, user.pointee.pw_uid, user.pointee.pw_gid)
            }
        }
    }

    private static func openssl(_ arguments: [String]) throws {
        let result = try run("/usr/bin/openssl", arguments, asPostgres: false)
        guard result.status == 0 else { throw ClusterError(message: "openssl \(arguments[0]): \(result.output)") }
    }

    /// A cluster left by a test process that died (kill -9, a crash) is stopped and removed.
    private static func removeStaleClusters() {
        let temp = NSTemporaryDirectory()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temp) else { return }
        for name in names where name.hasPrefix("convene-pg-") {
            let folder = temp + name
            guard let text = try? String(contentsOfFile: folder + "/owner.pid", encoding: .utf8),
                let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                kill(pid, 0) != 0, errno == ESRCH, let bin = try? findBin()
            else { continue }
            _ = try? run(bin + "/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"], asPostgres: geteuid() == 0)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    private static func findBin() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let version = versions.last(where: { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }) else {
            throw ClusterError(message: "no initdb under \(root)/*/bin: install Debian's postgresql (make test-deps does)")
        }
        return "\(root)/\(version)/bin"
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError(message: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ClusterError(message: "no free port on 127.0.0.1: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a program and collects what it printed (stdout and stderr together). posix_spawn and
    /// waitpid, not Foundation's Process: its exit notice needs threads that parallel tests may all
    /// be holding (seen here: a test process waiting forever on a pg_ctl that had exited).
    static func run(_ program: String, _ arguments: [String], asPostgres: Bool) throws -> (status: Int32, output: String) {
        // In "/", which the postgres user can always enter, whatever folder the tests run in.
        let argv =
            ["/bin/sh", "-c", "cd / && exec \"$0\" \"$@\""]
            + (asPostgres && geteuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] : [program]) + arguments
        let output = NSTemporaryDirectory() + "convene-pg-out-\(UUID().uuidString)"
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw ClusterError(message: "\(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ClusterError(message: "waitpid: \(String(cString: strerror(errno)))") }
        }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }
}
