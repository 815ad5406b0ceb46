import Foundation
import PostgresNIO
import Testing

@testable import ConveneNetwork

/// TLS with libpq's meaning (issue 28), against the test cluster's `ssl = on` and its own CA, whose
/// certificate is for the name localhost only: 127.0.0.1 is a wrong name for it.
@Suite struct TLSTests {
    /// Whether the connection made from `text` is encrypted (pg_stat_ssl), or the error's line.
    static func encrypted(_ text: String, environment: [String: String] = [:]) async -> Result<Bool, NetworkError> {
        do {
            let url = try NetworkURL.parse(text, environment: environment, home: "/nonexistent")
            // A loaded machine (CI's parallel suites) can take seconds over a new cluster's handshake.
            let ssl = try await NetworkDatabase.with(url, connectTimeout: .seconds(30)) { network in
                try await network.rows("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", during: "the test").first?.decode(Bool.self)
            }
            return .success(ssl == true)
        } catch {
            return .failure(error)
        }
    }

    static func url(_ network: Network, host: String = "127.0.0.1", _ query: String) -> String {
        let secret = TestCluster.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        return "postgres://\(TestCluster.superuser):\(secret)@\(host):\(network.cluster.port)/\(network.database)?\(query)"
    }

    /// One line, naming the host, saying what to do, and no build path or NIOSSL text.
    static func expectClear(
        _ result: Result<Bool, NetworkError>, host: String, says advice: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard case .failure(let error) = result else {
            Issue.record("connected, expected a TLS error naming \(host)", sourceLocation: sourceLocation)
            return
        }
        let line = error.description
        #expect(line.contains(host) && line.contains(advice), "\(line)", sourceLocation: sourceLocation)
        #expect(!line.contains("\n") && !line.contains(".swift") && !line.contains("handshakeFailed"), "\(line)", sourceLocation: sourceLocation)
    }

    @Test func requireEncryptsWithoutACAAndDisableDoesNot() async throws {
        let network = try Network()
        #expect(try await Self.encrypted(Self.url(network, "sslmode=require")).get())
        #expect(try await Self.encrypted(Self.url(network, "sslmode=prefer")).get())
        #expect(try await !Self.encrypted(Self.url(network, "sslmode=disable")).get())
    }

    @Test func verifyFullWithTheRightCAAndName() async throws {
        let network = try Network()
        let ca = network.cluster.caFile
        // The name on the certificate, reached at 127.0.0.1 (hostaddr: no name lookup).
        #expect(try await Self.encrypted(Self.url(network, host: "localhost", "hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=\(ca)")).get())
        // The CA from PGSSLROOTCERT, the mode from PGSSLMODE, as libpq reads them.
        #expect(
            try await Self.encrypted(
                Self.url(network, host: "localhost", "hostaddr=127.0.0.1"), environment: ["PGSSLROOTCERT": ca, "PGSSLMODE": "verify-full"]
            ).get())
        // verify-ca checks the chain only: the wrong name passes.
        #expect(try await Self.encrypted(Self.url(network, "sslmode=verify-ca&sslrootcert=\(ca)")).get())
    }

    @Test func aWrongCAOrNameIsOneClearLine() async throws {
        let network = try Network()
        let folder = NSTemporaryDirectory() + "convene-ca-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try TestCluster.makeCA(folder: folder, name: "other")
        let other = folder + "/other.crt"
        Self.expectClear(
            await Self.encrypted(Self.url(network, host: "localhost", "hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=\(other)")),
            host: "localhost", says: "sslrootcert=FILE")
        Self.expectClear(await Self.encrypted(Self.url(network, "sslmode=verify-ca&sslrootcert=\(other)")), host: "127.0.0.1", says: "sslrootcert")
        // No CA given: the system's CAs do not know the test CA.
        Self.expectClear(await Self.encrypted(Self.url(network, "sslmode=verify-ca")), host: "127.0.0.1", says: "sslrootcert")
        // The right CA, the wrong name.
        Self.expectClear(
            await Self.encrypted(Self.url(network, "sslmode=verify-full&sslrootcert=\(network.cluster.caFile)")), host: "127.0.0.1",
            says: "verify-ca")
        // A CA file that is not there.
        Self.expectClear(
            await Self.encrypted(Self.url(network, "sslmode=verify-full&sslrootcert=\(folder)/missing.crt")), host: "127.0.0.1",
            says: "missing.crt")
    }

    @Test func printedURLsKeepSslmode() throws {
        let url = try NetworkURL.parse(
            "postgres://ana:S3cret@db.example:5432/backbone?sslmode=verify-full&sslrootcert=/etc/convene/ca.pem", environment: [:],
            home: "/nonexistent")
        #expect(url.redacted == "postgres://ana@db.example:5432/backbone?sslmode=verify-full&sslrootcert=/etc/convene/ca.pem")
        let keywords = try NetworkURL.parse(
            "host=db.example dbname=backbone user=ana password=S3cret sslmode=require", environment: [:], home: "/nonexistent")
        #expect(keywords.redacted == "postgres://ana@db.example:5432/backbone?sslmode=require")
    }
}
