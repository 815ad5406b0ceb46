import ConveneCore
import Foundation
import Testing

@testable import ConveneNetwork

/// `network backup` and `restore` (issue 28): a network comes back on a fresh server with its rows
/// and roles, and its laptops publish to it as before.
@Suite struct BackupTests {
    static func file() -> String {
        NSTemporaryDirectory() + "convene-backup-\(UUID().uuidString).txt"
    }

    /// Backed up from one server, restored on a fresh one: the same rows, the same roles (a table's
    /// password too, from a superuser's backup), a suspended table still suspended, and a
    /// republish that changes nothing.
    @Test func aNetworkComesBackOnAFreshServer() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork(k: 6)
        _ = try await network.publish(as: role, history: DecisionPublishTests.history)
        let other = try await network.grant("Eastside Table")
        var eastside = Demo.history
        eastside.group = "Eastside Table"
        _ = try await network.publish(as: other.role, history: eastside)
        _ = try await NetworkDatabase.with(try network.url()) { try await $0.change(table: other.table, .suspend) }
        let reader = try await NetworkDatabase.with(try network.url()) { try await $0.grantReader("staff") }
        _ = try network.rows("ALTER ROLE \(role) PASSWORD 'table-secret'")
        let before = try network.content()

        let path = Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let backup = try await NetworkDatabase.with(try network.url()) { try await $0.backup(to: path) }
        #expect(backup.tables == 2 && backup.roles == 3 && backup.passwords == 1)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)

        let fresh = try TestCluster.makePrivate()
        defer { fresh.destroy() }
        let restored = try Network(cluster: fresh)
        let report = try await NetworkDatabase.with(try restored.url()) { try await $0.restore(from: path) }
        #expect(report.tables == 2 && Set(report.createdRoles) == [role, other.role, reader.role])
        #expect(Set(report.withoutPassword) == [other.role, reader.role])
        #expect(try restored.content() == before)
        #expect(try restored.rows("SELECT rolcanlogin FROM pg_roles WHERE rolname = '\(other.role)'") == ["f"])

        // The table's laptop publishes with its old password, and nothing changes.
        let url = try NetworkURL.parse(
            fresh.tcpURL(database: restored.database, user: role, password: "table-secret"), environment: [:], home: "/nonexistent")
        let again = try await NetworkDatabase.with(url) { network in
            try await network.publish(group: DecisionPublishTests.history.group, groupID: Network.groupID(DemoStory.groupName)) { k in
                NetworkPublication(history: DecisionPublishTests.history, library: Demo.library, networkK: k, comments: false)
            }
        }
        #expect(again.changed == 0 && again.table == table && again.k == 6)
        // The reader reads every table there.
        #expect(try restored.rows("SELECT count(DISTINCT table_id) FROM convene_session", as: reader.role) == ["2"])
    }

    /// A restore takes only an empty network, refuses a role that is another network's, and a file
    /// that is not a backup, each with one line.
    @Test func aRestoreRefusesWhatItCannotTake() async throws {
        let (network, _, role) = try await PublishTests.demoNetwork()
        _ = try await network.publish(as: role)
        let path = Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try await NetworkDatabase.with(try network.url()) { try await $0.backup(to: path) }

        func restore(into target: Network, _ file: String = path) async -> String {
            do {
                _ = try await NetworkDatabase.with(try target.url()) { try await $0.restore(from: file) }
                return "restored"
            } catch {
                return "\(error)"
            }
        }
        let notEmpty = await restore(into: network)
        #expect(notEmpty.contains("already has 1 table") && !notEmpty.contains("\n"))
        // Another database on the same server: the table's role belongs to the first network.
        let second = try Network()
        let shared = await restore(into: second)
        #expect(shared.contains("role \(role) already exists on this server and is not this network's"))
        #expect(try second.rows("SELECT count(*) FROM convene_table") == ["0"])

        let damaged = Self.file()
        defer { try? FileManager.default.removeItem(atPath: damaged) }
        try "SELECT 1;\n".write(toFile: damaged, atomically: true, encoding: .utf8)
        #expect(await restore(into: second, damaged).contains("is not a backup of a network"))
        #expect(await restore(into: second, damaged + ".missing").contains("cannot read"))
    }
}
