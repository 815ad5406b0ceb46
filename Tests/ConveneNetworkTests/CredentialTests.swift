import Foundation
import Testing

@testable import ConveneNetwork

/// Credentials as libpq reads them (issue 28): key=value strings, reserved characters in a URL's
/// password, `$HOME/.pgpass` and PGPASSFILE; no password in any message.
@Suite struct CredentialTests {
    static let none = "/nonexistent"

    @Test func keyValueStringsConnect() async throws {
        let network = try Network()
        let text =
            "host=127.0.0.1 port=\(network.cluster.port) dbname=\(network.database) user = \(TestCluster.superuser) password='\(TestCluster.password)' sslmode=require"
        let url = try NetworkURL.parse(text, environment: [:], home: Self.none)
        #expect(url.endpoint == .tcp(host: "127.0.0.1", port: network.cluster.port) && url.tls == .require)
        #expect(try await TLSTests.encrypted(text).get())
        let quoted = try NetworkURL.parse(#"host=/run/pg dbname='my db' password='it\'s \\ here'"#, environment: [:], home: Self.none)
        #expect(quoted.password == #"it's \ here"# && quoted.database == "my db" && quoted.endpoint == .socket(folder: "/run/pg", port: 5432))
    }

    @Test func reservedCharactersInAPassword() async throws {
        let network = try Network()
        let secret = "p@ss:w/rd?#%& x'"
        let role = "r_" + UUID().uuidString.prefix(8).lowercased()
        _ = try network.rows("CREATE ROLE \(role) LOGIN PASSWORD '\(secret.replacingOccurrences(of: "'", with: "''"))'")
        let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let text = "postgres://\(role):\(encoded)@127.0.0.1:\(network.cluster.port)/\(network.database)"
        #expect(try NetworkURL.parse(text, environment: [:], home: Self.none).password == secret)
        #expect(try await TLSTests.encrypted(text).get())
        // An unencoded @ in the password: the last @ ends it.
        #expect(try NetworkURL.parse("postgres://u:S3c@retPW@h/db", environment: [:], home: Self.none).password == "S3c@retPW")
    }

    @Test func noPasswordInAnyError() {
        for text in [
            "mysql://u:S3c@retPW@h/db", "postgres://u:S3c@retPW@h:notaport/db", "host=h password=S3cretPW bogus=1",
            "host=h password='S3cretPW", "postgres://u:S3cretPW@h/db?sslmode=sometimes", "postgres://u:S3c%ZZretPW@h/db",
            "host=h port=x password=S3cretPW",
        ] {
            do {
                _ = try NetworkURL.parse(text, environment: [:], home: Self.none)
                Issue.record("\(text) was taken")
            } catch {
                #expect(!error.description.contains("retPW") && !error.description.contains("S3c"), "\(error)")
            }
        }
    }

    @Test func pgpassFromHomeAndPGPASSFILE() async throws {
        let network = try Network()
        let folder = NSTemporaryDirectory() + "convene-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let escaped = TestCluster.password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
        try "127.0.0.1:\(network.cluster.port):\(network.database):\(TestCluster.superuser):\(escaped)\n".write(
            toFile: folder + "/.pgpass", atomically: true, encoding: .utf8)
        chmod(folder + "/.pgpass", 0o600)
        let text = network.cluster.tcpURL(database: network.database, password: nil)
        // $HOME, as psql reads it (not the passwd entry's home).
        #expect(try NetworkURL.parse(text, environment: ["HOME": folder]).password == TestCluster.password)
        let url = try NetworkURL.parse(text, environment: ["HOME": folder])
        #expect(try await NetworkDatabase.with(url) { try await $0.rows("SELECT 1", during: "the test").count } == 1)
        // PGPASSFILE wins over $HOME.
        try FileManager.default.moveItem(atPath: folder + "/.pgpass", toPath: folder + "/other")
        #expect(try NetworkURL.parse(text, environment: ["HOME": folder]).password == nil)
        #expect(try NetworkURL.parse(text, environment: ["HOME": Self.none, "PGPASSFILE": folder + "/other"]).password == TestCluster.password)
    }
}
