import ConveneCore
import Foundation
import Testing

@testable import ConveneNetwork

/// The backbone's operations through the built `convene` (issue 28): status, suspend, resume,
/// reassign, rotate and retire, and credentials as the command line shows them.
@Suite struct OperationsBinaryTests {
    struct Laptop {
        let network: Network
        let folder: String

        init() throws {
            network = try Network()
            folder = NSTemporaryDirectory() + "convene-ops-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }

        func url(_ user: String = TestCluster.superuser) -> String { network.cluster.socketURL(database: network.database, user: user) }

        func run(_ arguments: [String], as url: String? = nil) throws -> NetworkBinaryTests.Run {
            try NetworkBinaryTests.run(arguments, folder: folder, store: "a.sqlite", network: url ?? self.url())
        }

        /// stdout of a command that must succeed.
        func ok(_ arguments: [String], as url: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try run(arguments, as: url)
            #expect(result.status == 0, "convene \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
            return result.stdout
        }
    }

    @Test func statusSuspendResumeReassignRotateRetire() throws {
        let laptop = try Laptop()
        defer { try? FileManager.default.removeItem(atPath: laptop.folder) }
        let group = DemoStory.groupName
        _ = try laptop.ok(["demo"])
        _ = try laptop.ok(["network", "init"])
        _ = try laptop.ok(["network", "grant", group])
        let namespace = try laptop.network.rows("SELECT convene_namespace()")[0]
        let role = NetworkSchema.writerRole(forTable: NetworkSchema.tableID(group), namespace: namespace)

        // Before the first publish: never published, no group.
        let fresh = try laptop.ok(["network", "status"])
        #expect(fresh.contains(group) && fresh.contains("never published") && fresh.contains("no group yet") && fresh.contains(role), "\(fresh)")
        #expect(try laptop.ok(["publish"], as: laptop.url(role)).contains("Published"))
        let sessions = Demo.history.sessions.count
        let published = try laptop.ok(["network", "status"])
        #expect(
            published.contains("group \"\(group)\"") && published.contains("last published") && published.contains("\(sessions) sessions"),
            "\(published)")

        // Suspended: the role cannot log in, and status says so; resumed, it publishes again.
        #expect(try laptop.ok(["network", "suspend", group]).contains("Suspended"))
        #expect(try laptop.ok(["network", "status"]).contains("SUSPENDED"))
        let refused = try laptop.run(["publish"], as: laptop.url(role))
        #expect(refused.status == 1 && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(try laptop.ok(["network", "resume", group]).contains("Resumed"))
        #expect(!(try laptop.ok(["network", "status"]).contains("SUSPENDED")))
        #expect(try laptop.ok(["publish"], as: laptop.url(role)).contains("already published"))

        // Reassigned: no group until the next publish binds one.
        #expect(try laptop.ok(["network", "reassign", group]).contains("next publish binds"))
        #expect(try laptop.ok(["network", "status"]).contains("no group yet"))
        _ = try laptop.ok(["publish"], as: laptop.url(role))
        #expect(try laptop.ok(["network", "status"]).contains("group \"\(group)\""))

        // Rotated: the old password is gone and the output shows the \password step, not a password.
        _ = try laptop.network.rows("ALTER ROLE \"\(role)\" PASSWORD 'old-secret'")
        let rotated = try laptop.ok(["network", "rotate", group])
        #expect(rotated.contains("\\password \(role)") && !rotated.contains("old-secret"), "\(rotated)")
        #expect(try laptop.network.rows("SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = '\(role)'") == ["t"])

        // Retired: refused without --yes from a script, done with it.
        let asked = try laptop.run(["network", "retire", group])
        #expect(asked.status == 2 && asked.stderr.contains("--yes"), "\(asked.stderr)")
        #expect(try laptop.ok(["network", "retire", group, "--yes"]).contains("Retired"))
        #expect(try laptop.ok(["network", "status"]).contains("No tables yet"))
        #expect(try laptop.network.rows("SELECT count(*) FROM pg_roles WHERE rolname = '\(role)'") == ["0"])
        #expect(try laptop.network.rows("SELECT count(*) FROM convene_session") == ["0"])
        // A table that is not there: one line, exit 1.
        let missing = try laptop.run(["network", "suspend", "No Such Table"])
        #expect(missing.status == 1 && missing.stderr.contains("network status"), "\(missing.stderr)")
    }

    /// Two laptops each with a group of the same name, one table's role: the second laptop's is
    /// another group (its store's id differs) and is refused with one line, until the backbone
    /// reassigns the table.
    @Test func anotherLaptopsGroupOfTheSameNameIsRefused() throws {
        let laptop = try Laptop()
        defer { try? FileManager.default.removeItem(atPath: laptop.folder) }
        let group = DemoStory.groupName
        _ = try laptop.ok(["demo"])
        _ = try NetworkBinaryTests.run(["demo"], folder: laptop.folder, store: "b.sqlite")
        _ = try laptop.ok(["network", "init"])
        _ = try laptop.ok(["network", "grant", group])
        let namespace = try laptop.network.rows("SELECT convene_namespace()")[0]
        let role = NetworkSchema.writerRole(forTable: NetworkSchema.tableID(group), namespace: namespace)
        #expect(try laptop.ok(["publish"], as: laptop.url(role)).contains("Published"))
        let before = try laptop.network.snapshot()
        let other = try NetworkBinaryTests.run(["publish"], folder: laptop.folder, store: "b.sqlite", network: laptop.url(role))
        #expect(other.status == 1 && other.stderr.split(separator: "\n").count == 1, "\(other.stderr)")
        #expect(other.stderr.contains("of another laptop") && other.stderr.contains("network reassign"), "\(other.stderr)")
        #expect(try laptop.network.snapshot() == before)
        _ = try laptop.ok(["network", "reassign", group])
        let taken = try NetworkBinaryTests.run(["publish"], folder: laptop.folder, store: "b.sqlite", network: laptop.url(role))
        #expect(taken.status == 0, "\(taken.stderr)")
        // Now the first laptop's is the other group.
        #expect(try laptop.run(["publish"], as: laptop.url(role)).status == 1)
    }

    /// Backed up and restored through the command line, on a fresh server.
    @Test func backupAndRestore() throws {
        let laptop = try Laptop()
        defer { try? FileManager.default.removeItem(atPath: laptop.folder) }
        _ = try laptop.ok(["demo"])
        _ = try laptop.ok(["network", "init"])
        _ = try laptop.ok(["network", "grant", DemoStory.groupName])
        _ = try laptop.ok(["publish"])
        let backedUp = try laptop.ok(["network", "backup", "network.backup"])
        #expect(backedUp.contains("Backed up 1 table") && backedUp.contains("1 role"), "\(backedUp)")
        let fresh = try TestCluster.makePrivate()
        defer { fresh.destroy() }
        let target = try Network(cluster: fresh)
        let restored = try laptop.ok(["network", "restore", "network.backup", "--network", fresh.socketURL(database: target.database)])
        #expect(restored.contains("Restored 1 table") && restored.contains("1 role made"), "\(restored)")
        #expect(try target.content() == laptop.network.content())
        let again = try laptop.run(["network", "restore", "network.backup", "--network", fresh.socketURL(database: target.database)])
        #expect(again.status == 1 && again.stderr.contains("already has 1 table"), "\(again.stderr)")
    }

    /// A key=value network with a password: config and errors show where, never the password; the
    /// password comes from $HOME/.pgpass when the URL has none.
    @Test func credentialsOnTheCommandLine() throws {
        let laptop = try Laptop()
        defer { try? FileManager.default.removeItem(atPath: laptop.folder) }
        let port = laptop.network.cluster.port
        let keywords =
            "host=127.0.0.1 port=\(port) dbname=\(laptop.network.database) user=\(TestCluster.superuser) password='\(TestCluster.password)' sslmode=require"
        _ = try laptop.ok(["network", "init"], as: keywords)
        let config = try laptop.ok(["config"], as: keywords)
        #expect(!config.contains(TestCluster.password) && config.contains("127.0.0.1:\(port)") && config.contains("sslmode=require"), "\(config)")
        // In the config file, key=value works too and is shown without the password.
        try FileManager.default.createDirectory(atPath: laptop.folder + "/.config/convene", withIntermediateDirectories: true)
        try "network: \(keywords)\n".write(toFile: laptop.folder + "/.config/convene/config.yaml", atomically: true, encoding: .utf8)
        let listed = try NetworkBinaryTests.run(["config"], folder: laptop.folder, store: "a.sqlite", network: nil)
        #expect(listed.status == 0 && !listed.stdout.contains(TestCluster.password) && listed.stdout.contains("127.0.0.1"), "\(listed.stderr)")
        let status = try NetworkBinaryTests.run(["network", "status"], folder: laptop.folder, store: "a.sqlite", network: nil)
        #expect(status.status == 0 && status.stdout.contains("No tables yet"), "\(status.stderr)")
        // Errors: a closed port, a wrong password.
        let closed = try NetworkSchemaTests.closedPort()
        for bad in [
            keywords.replacingOccurrences(of: "port=\(port)", with: "port=\(closed)"),
            "postgres://\(TestCluster.superuser):S3c%40retPW@127.0.0.1:\(port)/\(laptop.network.database)",
            "host=127.0.0.1 port=\(port) password=S3cretPW bogus=1",
        ] {
            let result = try laptop.run(["network", "status"], as: bad)
            #expect(result.status != 0 && !result.stderr.contains("retPW") && !result.stderr.contains(TestCluster.password), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
        // $HOME/.pgpass (HOME is the laptop's folder).
        let escaped = TestCluster.password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
        try "127.0.0.1:\(port):*:\(TestCluster.superuser):\(escaped)\n".write(toFile: laptop.folder + "/.pgpass", atomically: true, encoding: .utf8)
        chmod(laptop.folder + "/.pgpass", 0o600)
        let fromPgpass = try laptop.ok(
            ["network", "status"], as: laptop.network.cluster.tcpURL(database: laptop.network.database, password: nil) + "?sslmode=require")
        #expect(fromPgpass.contains("No tables yet"))
    }
}
