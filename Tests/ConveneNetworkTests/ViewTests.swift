import ConveneCore
import ConveneStore
import Foundation
import Testing

@testable import ConveneNetwork

/// The network's views: two tables published by their own roles, read back by the backbone's
/// reader, in process and through the built binary (with the report rendered in Chromium).
@Suite struct ViewTests {
    static let community = "Community Table"

    /// A second table's history: 20 synthetic sessions of its own.
    static let communityHistory: GroupHistory = {
        do {
            let store = try AppDatabase.inMemory()
            let group = try store.createGroup(named: community, at: Date(timeIntervalSince1970: 1_500_000_000))
            let agenda = [AgendaItem(key: 1, activityID: "one-word-arrival", title: "One-word arrival", plannedMinutes: 10)]
            try store.importSessions(
                SyntheticHistory(count: 20, answersPerPulse: 9, seed: 7, agenda: agenda).sessions(0..<20, group: community), group: group)
            return try store.history(groupId: group.id!)
        } catch {
            fatalError("the community history: \(error)")
        }
    }()

    func overview(_ network: Network, as role: String) async throws -> NetworkOverview {
        try await NetworkDatabase.with(try network.url(role: role)) { try await $0.overview() }
    }

    /// Two tables, each publishing with its own role; the reader's overview holds both, with the
    /// figures the laptops' own trends show and the signals their own detectors find.
    @Test func twoTablesSideBySideAsTheReaderSeesThem() async throws {
        let (network, demoTable, demoRole) = try await PublishTests.demoNetwork()
        let community = try await network.grant(Self.community)
        _ = try await network.publish(as: demoRole)
        _ = try await network.publish(as: community.role, history: Self.communityHistory)
        let reader = try await NetworkDatabase.with(try network.url()) { try await $0.grantReader("backbone \(network.database)") }
        #expect(reader.created)
        let again = try await NetworkDatabase.with(try network.url()) { try await $0.grantReader("backbone \(network.database)") }
        #expect(!again.created && again.role == reader.role)

        let overview = try await overview(network, as: reader.role)
        #expect(overview.tables.map(\.name) == [Self.community, DemoStory.groupName])
        for (table, history) in [(overview.tables[1], Demo.history), (overview.tables[0], Self.communityHistory)] {
            #expect(table.sessions.count == history.sessions.count)
            // Trust, worth and voice per session as the laptop's own trends have them (k = 5 both sides).
            let trends = Trends(history: history)
            for measure in ["trust", "worth"] {
                let local = trends.measures.first { $0.name == measure }!.points.map(\.value)
                let published = table.sessions.map { measure == "trust" ? $0.trust : $0.worth }
                #expect(local.count == published.count)
                for (a, b) in zip(local, published) {
                    #expect((a == nil) == (b == nil), "\(table.name) \(measure)")
                    if let a, let b { #expect(abs(a - b) < 1e-9, "\(table.name) \(measure)") }
                }
            }
            for (a, b) in zip(trends.airtimeGini.points.map(\.value), table.sessions.map(\.voice)) {
                #expect((a == nil) == (b == nil))
                if let a, let b { #expect(abs(a - b) < 1e-9) }
            }
            let signals = SignalDetector(library: Demo.library).signals(history).map { "\($0.id.rawValue) \($0.severity.rawValue)" }.sorted()
            #expect(table.signals.map { "\($0.signal) \($0.severity)" }.sorted() == signals)
        }
        #expect(overview.tables[1].id == demoTable)
        #expect(!overview.signalIDs.isEmpty)

        // The views name both tables; the report is one self-contained page.
        let text = overview.reportLines().map(\.text).joined(separator: "\n")
        #expect(text.contains(DemoStory.groupName) && text.contains(Self.community))
        let html = NetworkReport(overview: overview, generated: "2026-12-02").render()
        #expect(html.contains("<table class=\"tables\">") && html.contains("<table class=\"signals\">"))
        #expect(html.components(separatedBy: "<g class=\"table\"").count - 1 == 3 * 2)
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("url("))

        // The direct JSON writer makes the document JSONEncoder would (read back equal).
        #expect(try JSONDecoder().decode(NetworkOverview.self, from: Data(overview.json().utf8)) == overview)

        // The reader reads and writes nothing.
        #expect(throws: (any Error).self) { try network.rows("DELETE FROM convene_session", as: reader.role) }
        #expect(throws: (any Error).self) {
            try network.rows(
                "INSERT INTO convene_signal (table_id, signal, ordinal, severity, summary, evidence, figures, recommendations) VALUES ('\(demoTable)', 'x', 9, 'act', 'forged', '[]', '{}', '[]')",
                as: reader.role)
        }
    }

    /// A table's own role sees only its own table in the views (row-level security).
    @Test func aTablesRoleSeesOnlyItsOwnTable() async throws {
        let (network, _, demoRole) = try await PublishTests.demoNetwork()
        let community = try await network.grant(Self.community)
        _ = try await network.publish(as: demoRole)
        _ = try await network.publish(as: community.role, history: Self.communityHistory)
        let seen = try await overview(network, as: community.role)
        #expect(seen.tables.map(\.name) == [Self.community])
        #expect(seen.tables[0].sessions.count == Self.communityHistory.sessions.count)
    }

    /// Names and evidence with quotes, backslashes, controls and bidirectional marks survive the
    /// direct JSON writer, and nothing a terminal would act on is left raw.
    @Test func jsonOfOddText() throws {
        let odd = "Mesa \"comunitaria\" \\ a\u{0007}b\nc\u{202E}d é 🌱 3.0"
        let overview = NetworkOverview(
            k: 5,
            tables: [
                .init(
                    id: "a", name: odd, k: nil,
                    sessions: [
                        .init(session: 1, day: "2026-01-01", headcount: nil, trust: 3, worth: 2.5, voice: nil),
                        .init(session: 2, day: "2026-01-08", headcount: 7, trust: nil, worth: 1e-7, voice: 0.2999999999999998),
                    ],
                    signals: [.init(signal: "trust-gap", severity: "act", summary: odd, evidence: [odd, ""])]),
                .init(id: "b", name: "B", k: 7, sessions: [], signals: []),
            ])
        let json = overview.json()
        #expect(try JSONDecoder().decode(NetworkOverview.self, from: Data(json.utf8)) == overview)
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" })
    }

    /// A server at the first migration: the views ask for `network init`, which adds the sessions'
    /// trust and worth from the pulses already published, and the views then read what they did.
    @Test func initUpgradesAnOlderNetwork() async throws {
        let (network, _, role) = try await PublishTests.demoNetwork()
        _ = try await network.publish(as: role)
        let before = try await overview(network, as: TestCluster.superuser)
        _ = try network.rows("DELETE FROM convene_migration WHERE name = '002-session-measures'")
        _ = try network.rows("ALTER TABLE convene_session DROP COLUMN trust, DROP COLUMN worth")
        await #expect(throws: NetworkError.self) { _ = try await overview(network, as: TestCluster.superuser) }
        let upgrade = try await network.initialize()
        #expect(upgrade.applied == ["002-session-measures"])
        let after = try await overview(network, as: TestCluster.superuser)
        #expect(after.tables.count == 1 && after.tables[0].sessions.count == before.tables[0].sessions.count)
        for (a, b) in zip(after.tables[0].sessions, before.tables[0].sessions) {
            #expect(a.session == b.session && (a.trust == nil) == (b.trust == nil) && (a.worth == nil) == (b.worth == nil))
            if let x = a.trust, let y = b.trust { #expect(abs(x - y) < 1e-9) }
            if let x = a.worth, let y = b.worth { #expect(abs(x - y) < 1e-9) }
        }
        // Publishing again writes the same values it computed itself: nothing changes.
        #expect(try await network.publish(as: role).changed == 0)
    }

    /// An empty network says so in every view.
    @Test func anEmptyNetwork() async throws {
        let network = try Network()
        _ = try await network.initialize()
        let overview = try await overview(network, as: TestCluster.superuser)
        #expect(overview.tables.isEmpty)
        let text = overview.reportLines().map(\.text).joined(separator: "\n")
        #expect(text.contains("No tables yet"))
        #expect(NetworkReport(overview: overview, generated: "2026-12-02").render().contains("No table has published yet."))
    }
}

/// The views' packed sessions: a day counted from 2000-01-01 reads back as PostgreSQL writes it.
@Suite struct PackedSessionsTests {
    @Test func daysFromY2K() {
        let days = [0: "2000-01-01", -1: "1999-12-31", 59: "2000-02-29", 9465: "2025-11-30", -36524: "1900-01-01", 36890: "2101-01-01"]
        for (count, day) in days { #expect(PackedSessions.day(count) == day) }
    }
}
