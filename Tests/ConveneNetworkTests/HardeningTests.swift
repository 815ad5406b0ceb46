import ConveneCore
import ConveneStore
import Foundation
import Testing

@testable import ConveneNetwork

/// Issue 28: each attack a table's own role could make on the server, as a test.
@Suite struct HardeningTests {
    /// A session the way a forged client would send it to convene_publish.
    static func forgedSession(_ id: Int, headcount: Int = 2, trust: Double? = 1.0) -> String {
        """
        {"session_id": \(id), "day": "2026-01-01", "started_at": "2026-01-01T10:00:00Z", "title": "forged", "headcount": \(headcount), "conflicts_raised": 0\(trust.map { ", \"trust\": \($0)" } ?? "")}
        """
    }

    static func publishSQL(group: String = DemoStory.groupName, _ payload: String) -> String {
        "SELECT o_changed FROM convene_publish('\(group)', 5, '\(payload.replacingOccurrences(of: "'", with: "''"))'::jsonb)"
    }

    /// The k-floor bypass: a TEMP `convene_network` with k = 1 made the floor trigger read 1.
    @Test func aTempTableCannotShadowTheFloor() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork(k: 7)
        _ = try await network.publish(as: role)
        let session = Demo.history.sessions[0].id
        let shadow = "CREATE TEMP TABLE convene_network (id boolean, k int); INSERT INTO convene_network VALUES (true, 1);"
        for attack in [
            shadow
                + " INSERT INTO convene_pulse (table_id, session_id, number, question, answer, reverse, k, n) VALUES ('\(table)', \(session), 99, 'q', 'scale', false, 3, 3)",
            shadow
                + " INSERT INTO convene_segment (table_id, session_id, number, position, question, segment, pooled, k, n, histogram) SELECT table_id, session_id, number, 9, 'q', 's', false, 3, 3, '[]' FROM convene_pulse LIMIT 1",
            // Through the network's own function, with the temp table in place.
            shadow + " "
                + Self.publishSQL(
                    """
                    {"convene_session": [\(Self.forgedSession(Int(session), headcount: 12))],
                     "convene_pulse": [{"session_id": \(session), "number": 1, "question": "q", "answer": "scale", "reverse": false, "k": 3, "n": 3, "normalized_mean": 1, "measures": "trust"}]}
                    """),
        ] {
            #expect(throws: (any Error).self, "\(attack)") { try network.rows(attack, as: role) }
        }
        #expect(try network.rows("SELECT count(*) FROM convene_pulse WHERE n < 7") == ["0"])
        #expect(try network.rows("SELECT count(*) FROM convene_segment WHERE n < 7") == ["0"])
        // No role but the owner may make a TEMP table in the network's database at all.
        #expect(performing: { try network.rows("CREATE TEMP TABLE x (a int)", as: role) }, throws: { "\($0)".contains("permission denied") })
    }

    /// A session's trust is the server's, from the pulses it holds: a forged session with trust 1.0,
    /// headcount 2 and no pulse shows no trust.
    @Test func aSessionsTrustWithoutAPulseIsNotShown() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork()
        _ = try? network.rows(
            "INSERT INTO convene_session (table_id, session_id, day, started_at, title, headcount, conflicts_raised, trust) VALUES ('\(table)', 900, '2026-01-01', now(), 'forged', 2, 0, 1.0)",
            as: role)
        _ = try network.rows(Self.publishSQL("{\"convene_session\": [\(Self.forgedSession(901))]}"), as: role)
        #expect(try network.rows("SELECT count(*) FROM convene_session WHERE trust IS NOT NULL") == ["0"])
        let overview = try await NetworkDatabase.with(try network.url()) { try await $0.overview() }
        #expect(overview.tables.flatMap(\.sessions).allSatisfy { $0.trust == nil })
        // An honest publish: the server's trust equals the laptop's, and a second publish rewrites nothing.
        let first = try await network.publish(as: role)
        #expect(first.changed > 0)
        let again = try await network.publish(as: role)
        #expect(again.changed == 0)
        let local = NetworkPublication(history: Demo.history, library: Demo.library, networkK: 5, comments: false).sessions
        let server = try network.rows("SELECT coalesce(trust::text, '-') FROM convene_session ORDER BY session_id").map(Double.init)
        #expect(server == local.sorted { $0.sessionID < $1.sessionID }.map(\.trust))
    }

    /// OSC 52 (clipboard), a window title, colours, CR and U+202E in a signal reach no terminal.
    @Test func terminalEscapesInASignalArePrintedInert() {
        let hostile = "\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}\u{1B}]0;title\u{07}\u{1B}[31mred\r\u{202E}\u{9B}2J"
        let overview = NetworkOverview(
            k: 5,
            tables: [
                NetworkOverview.Table(
                    id: "a", name: "A" + hostile, k: 5, sessions: [],
                    signals: [NetworkOverview.SignalRow(signal: hostile, severity: "act", summary: hostile, evidence: [hostile])])
            ])
        for line in overview.signalLines() + overview.reportLines() + overview.tableLines() {
            for bad in ["\u{1B}", "\u{07}", "\r", "\u{202E}", "\u{9B}"] {
                #expect(!line.text.contains(bad), "\(line.text.debugDescription)")
            }
        }
        let html = NetworkReport(overview: overview, generated: "2026-01-01").render()
        #expect(!html.contains("\u{1B}") && !html.contains("\u{9B}"))
    }

    /// A writer's LOCK (which its old UPDATE/DELETE grants allowed) or advisory lock stalls no one.
    @Test func aTableCannotStallTheReaderAnotherTableOrInit() async throws {
        let (network, _, role) = try await PublishTests.demoNetwork()
        let other = try await network.grant("Community Table")
        _ = try await network.publish(as: role)
        let reader = try await NetworkDatabase.with(try network.url()) { try await $0.grantReader("staff") }
        let psql = network.cluster.bin + "/psql"
        func hold(_ sql: String) throws -> pid_t {
            try KillTests.spawn(
                [
                    psql, "-X", "-q", "-h", network.cluster.socketFolder, "-p", "\(network.cluster.port)", "-U", role, "-d", network.database, "-c",
                    sql,
                ],
                environment: [:])
        }
        for attack in [
            "BEGIN; LOCK TABLE convene_session IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(12); COMMIT;",
            "BEGIN; SELECT pg_advisory_lock(7310001); SELECT count(*) FROM convene_session; SELECT pg_sleep(12); COMMIT;",
        ] {
            let pid = try hold(attack)
            defer {
                kill(pid, SIGTERM)
                _ = KillTests.reap(pid)
            }
            try await Task.sleep(for: .seconds(1.5))
            let clock = ContinuousClock()
            let read = try await clock.measure {
                _ = try await NetworkDatabase.with(try network.url(role: reader.role)) { try await $0.overview() }
            }
            let publish = try await clock.measure { _ = try await network.publish(as: other.role) }
            let initialize = try await clock.measure { _ = try await network.initialize() }
            print("under \"\(attack.prefix(40))…\": reader \(read), another table's publish \(publish), init \(initialize)")
            #expect(read < .seconds(4) && publish < .seconds(4) && initialize < .seconds(4))
        }
    }

    /// A 96 MB signal summary (made on the server, so nothing large crosses the test's socket) is
    /// refused, whether inserted or published; so is a 3 KB one.
    @Test func storageIsBounded() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork()
        _ = try await network.publish(as: role)
        let huge = 96 * 1024 * 1024
        let clock = ContinuousClock()
        let insert =
            "INSERT INTO convene_signal (table_id, signal, ordinal, severity, summary, evidence, figures, recommendations) VALUES ('\(table)', 'x', 0, 'act', repeat('x', \(huge)), '[]', '{}', '[]')"
        let viaFunction = """
            SELECT o_changed FROM convene_publish('\(DemoStory.groupName)', 5, jsonb_build_object('convene_signal', jsonb_build_array(jsonb_build_object(
                'signal', 'x', 'ordinal', 0, 'severity', 'act', 'summary', repeat('x', %d), 'evidence', '[]'::jsonb, 'figures', '{}'::jsonb, 'recommendations', '[]'::jsonb))))
            """
        for attack in [insert, viaFunction.replacingOccurrences(of: "%d", with: "\(huge)"), viaFunction.replacingOccurrences(of: "%d", with: "3000")]
        {
            let elapsed = clock.measure {
                #expect(throws: (any Error).self) { try network.rows(attack, as: role) }
            }
            print("refused in \(elapsed): \(attack.prefix(60))")
        }
        #expect(try network.rows("SELECT coalesce(max(octet_length(summary)), 0) <= 2000 FROM convene_signal") == ["t"])
        #expect(try network.rows("SELECT pg_total_relation_size('convene_signal') < 10000000") == ["t"])
    }

    /// Two networks on one server: their roles differ, and one's roles cannot even connect to the other.
    @Test func twoNetworksOnOneServerShareNoRole() async throws {
        let a = try Network()
        let b = try Network(cluster: a.cluster)
        _ = try await a.initialize()
        _ = try await b.initialize()
        let grantA = try await a.grant(DemoStory.groupName)
        let grantB = try await b.grant(DemoStory.groupName)
        #expect(grantA.role != grantB.role)
        let readerA = try await NetworkDatabase.with(try a.url()) { try await $0.grantReader("backbone") }
        for role in [grantA.role, readerA.role] {
            #expect(
                performing: { try b.rows("SELECT count(*) FROM convene_session", as: role) },
                throws: { "\($0)".contains("permission denied for database") })
        }
        // PUBLIC may no longer connect at all; the network's own roles may.
        _ = try a.rows("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stranger') THEN CREATE ROLE stranger LOGIN; END IF; END $$")
        #expect(throws: (any Error).self) { try a.rows("SELECT 1", as: "stranger") }
        #expect(try a.rows("SELECT count(*) FROM convene_session", as: readerA.role) == ["0"])
        // A role of this network's name that some other hand made is refused, not silently reused.
        let namespace = try a.rows("SELECT convene_namespace()")[0]
        let squatter = NetworkSchema.writerRole(forTable: "squat", namespace: namespace)
        _ = try a.rows("CREATE ROLE \(squatter) LOGIN")
        await #expect(performing: { _ = try await a.grant("Squat") }, throws: { "\($0)".contains("already exists") })
    }

    /// A table's role publishes one group: another group is refused with one line, the first stays whole.
    @Test func aSecondGroupOnOneRoleIsRefused() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork()
        _ = try await network.publish(as: role)
        let before = try network.snapshot()
        var other = Demo.history
        other.group = "Another Group"
        other.sessions = Array(other.sessions.prefix(3))
        await #expect(
            performing: { _ = try await network.publish(as: role, history: other) },
            throws: { error in
                let text = "\(error)"
                return text.contains("publishes the group \"\(DemoStory.groupName)\"") && !text.contains("\n")
            })
        #expect(try network.snapshot() == before)
        #expect(try network.rows("SELECT group_name FROM convene_table WHERE id = '\(table)'") == [DemoStory.groupName])
    }

    /// The binding is the group's stable id, not its name: another laptop's group of the same name
    /// is refused, and a group renamed on its laptop keeps its table.
    @Test func aTableIsBoundToItsGroupsID() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork()
        _ = try await network.publish(as: role, groupID: "laptop-a")
        #expect(try network.rows("SELECT group_id FROM convene_table WHERE id = '\(table)'") == ["laptop-a"])
        let before = try network.snapshot()
        await #expect(
            performing: { _ = try await network.publish(as: role, groupID: "laptop-b") },
            throws: { error in
                let text = "\(error)"
                return text.contains("of another laptop") && text.contains("reassign") && !text.contains("\n")
            })
        #expect(try network.snapshot() == before)
        var renamed = Demo.history
        renamed.group = "Reading Coalition, renamed"
        _ = try await network.publish(as: role, history: renamed, groupID: "laptop-a")
        #expect(try network.rows("SELECT group_name, group_id FROM convene_table WHERE id = '\(table)'") == ["Reading Coalition, renamed|laptop-a"])
        // The backbone reassigns: the next group binds it.
        _ = try await NetworkDatabase.with(try network.url()) { try await $0.change(table: table, .reassign) }
        _ = try await network.publish(as: role, groupID: "laptop-b")
        #expect(try network.rows("SELECT group_id FROM convene_table WHERE id = '\(table)'") == ["laptop-b"])
    }

    /// A table bound by name before migration 006 takes its group's id at the first publish that
    /// sends one; from then on a laptop that sends none (not upgraded) is told to upgrade.
    @Test func aBindingByNameTakesTheGroupsID() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork()
        let payload = try NetworkDatabase.payload(
            NetworkPublication(history: Demo.history, library: Demo.library, networkK: 5, comments: false))
        _ = try network.rows(Self.publishSQL(payload), as: role)
        #expect(try network.rows("SELECT group_name, group_id IS NULL FROM convene_table WHERE id = '\(table)'") == ["\(DemoStory.groupName)|t"])
        #expect(try await network.publish(as: role, groupID: "laptop-a").changed == 1)
        #expect(try network.rows("SELECT group_id FROM convene_table WHERE id = '\(table)'") == ["laptop-a"])
        #expect(
            performing: { _ = try network.rows(Self.publishSQL(payload), as: role) },
            throws: { "\($0)".contains("upgrade convene on this laptop") })
    }

    /// A publish leaves exactly the revealed history: a session gone from the laptop, or one the
    /// server holds that no laptop sent, is deleted.
    @Test func aStaleOrInjectedSessionIsRemoved() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork()
        _ = try await network.publish(as: role)
        _ = try network.rows(
            "INSERT INTO convene_session (table_id, session_id, day, started_at, title, conflicts_raised) VALUES ('\(table)', 999999, '2026-01-01', now(), 'injected', 0)"
        )
        var shorter = Demo.history
        let dropped = shorter.sessions.removeLast()
        let report = try await network.publish(as: role, history: shorter)
        #expect(report.changed > 0)
        #expect(try network.rows("SELECT count(*) FROM convene_session WHERE table_id = '\(table)'") == ["\(shorter.sessions.count)"])
        #expect(try network.rows("SELECT count(*) FROM convene_session WHERE session_id IN (999999, \(dropped.id))") == ["0"])
        #expect(try network.rows("SELECT count(*) FROM convene_pulse WHERE session_id = \(dropped.id)") == ["0"])
    }

    /// Raising the network's k withholds at once what no longer passes, and says how much.
    @Test func raisingKTakesEffectAtOnce() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork(k: 5)
        _ = try await network.publish(as: role, history: PublishTests.withSmallPulses)
        let under = "SELECT (SELECT count(*) FROM convene_pulse WHERE n < 7) + (SELECT count(*) FROM convene_segment WHERE n < 7)"
        #expect(try network.rows(under) != ["0"])
        let report = try await network.initialize(k: 7)
        #expect(report.kChanged && report.withheldPulses + report.withheldSegments > 0)
        #expect(try network.rows(under) == ["0"])
        #expect(try network.rows("SELECT k FROM convene_table WHERE id = '\(table)'") == ["7"])
        // Trust is worked out again from what is left, and a republish under 7 changes nothing more.
        let again = try await network.publish(as: role, history: PublishTests.withSmallPulses)
        #expect(again.k == 7)
        #expect(try network.rows(under) == ["0"])
    }

    /// Status, suspend and resume, reassign, rotate and retire, without psql.
    @Test func aBackboneRunsItsTables() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork()
        _ = try await network.publish(as: role)
        func status() async throws -> [NetworkDatabase.TableStatus] {
            try await NetworkDatabase.with(try network.url()) { try await $0.status() }
        }
        func change(_ change: NetworkDatabase.TableChange) async throws {
            _ = try await NetworkDatabase.with(try network.url()) { try await $0.change(table: DemoStory.groupName, change) }
        }
        let first = try await status()
        #expect(first.count == 1 && first[0].id == table && first[0].group == DemoStory.groupName)
        #expect(first[0].sessions == Demo.history.sessions.count && first[0].lastPublished != nil && !first[0].suspended)

        try await change(.suspend)
        #expect(try await status()[0].suspended)
        await #expect(throws: (any Error).self) { _ = try await network.publish(as: role) }
        try await change(.resume)
        #expect(try await network.publish(as: role).changed == 0)

        var other = Demo.history
        other.group = "Another Group"
        await #expect(throws: (any Error).self) { _ = try await network.publish(as: role, history: other) }
        try await change(.reassign)
        _ = try await network.publish(as: role, history: other)
        #expect(try await status()[0].group == "Another Group")

        _ = try network.rows("ALTER ROLE \(role) PASSWORD 'old-secret'")
        try await change(.rotate)
        #expect(try network.rows("SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = '\(role)'") == ["t"])

        try await change(.retire)
        #expect(try await status().isEmpty)
        #expect(try network.rows("SELECT count(*) FROM convene_session") == ["0"])
        #expect(try network.rows("SELECT count(*) FROM pg_roles WHERE rolname = '\(role)'") == ["0"])
    }
}
