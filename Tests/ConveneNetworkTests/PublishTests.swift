import ConveneCore
import ConveneStore
import Foundation
import Testing

@testable import ConveneNetwork

@Suite struct PublishTests {
    /// A network with the demo's table granted: (network, the table's id, its role).
    static func demoNetwork(k: Int? = nil, cluster: TestCluster? = nil) async throws -> (Network, String, String) {
        let network = try Network(cluster: cluster)
        _ = try await network.initialize(k: k)
        let grant = try await network.grant(DemoStory.groupName)
        return (network, grant.table, grant.role)
    }

    /// The demo with two pulses the network's k = 7 must keep back although the group's k = 5
    /// reveals them: one of 6 answers, and one of 12 whose kept segments have 7 and 5.
    static let withSmallPulses: GroupHistory = {
        var history = Demo.history
        let s = 2
        let present = history.sessions[s].headcount
        func bars(_ values: [Int]) -> [PulseResult.Bar] {
            (1...5).map { v in PulseResult.Bar(label: "\(v)", count: values.filter { $0 == v }.count) }
        }
        history.sessions[s].pulses.append(
            GroupHistory.Pulse(
                number: 90, question: "A small room's trust", answer: .scale, measures: .trust,
                count: 6, threshold: 5, present: present, values: [1, 2, 3, 4, 5, 5]))
        let publicValues = [4, 4, 5, 4, 3, 4, 5]
        let residentValues = [1, 2, 2, 1, 3]
        var segmented = GroupHistory.Pulse(
            number: 91, question: "Safe to disagree here", answer: .scale, measures: .safety,
            count: 12, threshold: 5, present: present, values: publicValues + residentValues)
        segmented.segments = SegmentBreakdown(
            question: "Which best describes your seat at this table?",
            rows: [
                .init(segment: "public", count: 7, distribution: bars(publicValues)),
                .init(segment: "resident", count: 5, distribution: bars(residentValues)),
            ])
        history.sessions[s].pulses.append(segmented)
        return history
    }()

    @Test func publishTheDemoAndReadItBack() async throws {
        let (network, table, role) = try await Self.demoNetwork()
        let start = ContinuousClock.now
        let report = try await network.publish(as: role)
        let elapsed = ContinuousClock.now - start
        print("publish of the demo (\(report.sessions) sessions, \(report.pulses) pulses): \(elapsed)")
        let history = Demo.history
        #expect(report.table == table)
        #expect(report.sessions == history.sessions.count)
        #expect(report.changed > 0)

        let sessions = try network.rows(
            "SELECT session_id || '|' || title || '|' || coalesce(headcount::text, '') FROM convene_session WHERE table_id = '\(table)' ORDER BY session_id"
        )
        #expect(sessions == history.sessions.map { "\($0.id)|\($0.title)|\($0.headcount.map(String.init) ?? "")" })

        // Every revealed pulse, with its n, mean and sd from the local values.
        let revealed = history.sessions.flatMap { session in
            session.pulses.filter { $0.isRevealed(threshold: history.threshold, present: session.headcount) }.map { (session.id, $0) }
        }
        #expect(report.pulses == revealed.count)
        let pulses = try network.rows(
            "SELECT session_id || '|' || number || '|' || n || '|' || coalesce(mean::text, '') || '|' || coalesce(sd::text, '') FROM convene_pulse WHERE table_id = '\(table)' ORDER BY session_id, number"
        )
        #expect(pulses.count == revealed.count)
        for (line, (session, pulse)) in zip(pulses, revealed) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            #expect(fields[0] == "\(session)" && fields[1] == "\(pulse.number)" && fields[2] == "\(pulse.count)")
            let stats = Statistics(pulse.values.map(Double.init))
            if let mean = stats.mean { #expect(abs(Double(fields[3])! - mean) < 1e-12) }
            if let sd = stats.standardDeviation { #expect(abs(Double(fields[4])! - sd) < 1e-12) }
        }
        // Headcount by category, airtime by category with its Gini, commitments and conflicts.
        let headcounts = history.sessions.reduce(0) { $0 + ($1.headcountByCategory?.count ?? 0) }
        #expect(try network.rows("SELECT count(*) FROM convene_headcount") == ["\(headcounts)"])
        let tallied = history.sessions.filter { !$0.airtime.isEmpty }
        for session in tallied {
            let turns = try network.rows("SELECT sum(turns) FROM convene_airtime WHERE session_id = \(session.id)")
            #expect(turns == ["\(session.airtime.reduce(0) { $0 + $1.turns })"])
        }
        #expect(try network.rows("SELECT count(*) FROM convene_commitment") == ["\(history.commitments.count)"])
        #expect(
            try network.rows("SELECT count(*) FROM convene_commitment WHERE state = 'done'") == [
                "\(history.commitments.filter { $0.doneSession != nil }.count)"
            ])
        #expect(
            try network.rows("SELECT count(*) FROM convene_conflict WHERE state = 'open'") == [
                "\(history.conflicts.filter { $0.resolvedSession == nil }.count)"
            ])
        // The signals the laptop sees, by id and severity.
        let local = SignalDetector(library: Demo.library).signals(history)
        let published = try network.rows("SELECT signal || ' ' || severity FROM convene_signal ORDER BY signal, ordinal")
        #expect(published == local.map { "\($0.id.rawValue) \($0.severity.rawValue)" }.sorted())
        #expect(!published.isEmpty)
    }

    @Test func publishingTwiceChangesNothing() async throws {
        let (network, _, role) = try await Self.demoNetwork()
        _ = try await network.publish(as: role)
        let before = try network.snapshot()
        let again = try await network.publish(as: role)
        #expect(again.changed == 0)
        // Same rows, same contents, and not one rewritten (the writing transaction is the same).
        let after = try network.snapshot()
        for table in NetworkSchema.everyTable {
            #expect(after[table]?.count == before[table]?.count, "\(table)")
            #expect(after[table] == before[table], "\(table)")
        }
        #expect((before["convene_pulse"] ?? []).count > 0)
    }

    /// The scan: no published pulse or segment below the network's k, and none that the laptop's
    /// own revealed history does not hold with the same figures; no seat label, commitment or
    /// conflict words, and no comment unless published with --comments.
    @Test func nothingBelowKOrAbsentFromTheRevealedHistory() async throws {
        let networkK = 7
        let (network, table, role) = try await Self.demoNetwork(k: networkK)
        let history = Self.withSmallPulses
        #expect((history.sessions[2].headcount ?? 0) >= 12)
        let report = try await network.publish(as: role, history: history)
        #expect(report.k == networkK)
        // The floor bites: pulses revealed on the laptop under k = 5 but not under 7 exist, and are not published.
        let underLocal = history.sessions.flatMap { s in
            s.pulses.filter { $0.isRevealed(threshold: history.threshold, present: s.headcount) }.map { (s.id, $0.number) }
        }
        let underNetwork = history.sessions.flatMap { s in
            s.pulses.filter { $0.isRevealed(threshold: networkK, present: s.headcount) }.map { (s.id, $0.number) }
        }
        #expect(underNetwork.count < underLocal.count)

        let pulses = try network.rows(
            "SELECT session_id || '|' || number || '|' || n || '|' || k || '|' || coalesce(histogram::text, '') FROM convene_pulse")
        #expect(pulses.count == underNetwork.count)
        for line in pulses {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let n = Int(f[2])!
            let k = Int(f[3])!
            #expect(n >= networkK && n >= k && k >= networkK, "\(line)")
            let session = history.sessions.first { "\($0.id)" == f[0] }
            let pulse = session?.pulses.first { "\($0.number)" == f[1] }
            #expect(pulse?.isRevealed(threshold: networkK, present: session?.headcount) == true, "\(line) is not revealed on the laptop")
            #expect(pulse?.count == n)
            if let pulse, pulse.answer == .scale, !f[4].isEmpty {
                // The histogram adds up to n and matches the local values.
                let bars = try JSONDecoder().decode([PulseResult.Bar].self, from: Data(f[4].utf8))
                #expect(bars.reduce(0) { $0 + $1.count } == n)
                for bar in bars { #expect(pulse.values.filter { "\($0)" == bar.label }.count == bar.count) }
            }
        }
        let segments = try network.rows("SELECT session_id || '|' || number || '|' || segment || '|' || n FROM convene_segment")
        for line in segments {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            #expect(Int(f[3])! >= networkK, "\(line)")
            let pulse = history.sessions.first { "\($0.id)" == f[0] }?.pulses.first { "\($0.number)" == f[1] }
            let kept = (pulse?.segments?.rows ?? []) + (pulse?.segments?.other.map { [$0] } ?? [])
            #expect(kept.contains { $0.segment == f[2] && "\($0.count)" == f[3] }, "\(line) is not in the laptop's kept segments")
        }
        // Under k = 5 the demo's segments are published; under 7 those with a segment under 7 are not.
        #expect(try network.rows("SELECT count(*) FROM convene_segment WHERE n < \(networkK)") == ["0"])

        let everything = try network.content().values.flatMap { $0 }.joined(separator: "\n")
        let words =
            history.roster.map(\.label) + history.commitments.flatMap { [$0.owner, $0.action] } + history.conflicts.map(\.text)
            + history.sessions.flatMap { $0.airtime.map(\.label) }
        for word in Set(words) where !word.isEmpty {
            #expect(!everything.contains(word), "\"\(word)\" was published")
        }
        let comments = history.sessions.flatMap { $0.pulses.flatMap(\.comments) }
        #expect(!comments.isEmpty)
        for comment in Set(comments) { #expect(!everything.contains(comment), "a comment was published without --comments") }
        #expect(try network.rows("SELECT count(*) FROM convene_pulse WHERE comments IS NOT NULL") == ["0"])
        #expect(try network.rows("SELECT local_k || ' ' || k FROM convene_table WHERE id = '\(table)'") == ["\(history.threshold) \(networkK)"])

        // With --comments: the comments of published pulses only, sorted.
        // The segmented pulse of 12 is published, without its segments (one has 5 < 7).
        #expect(try network.rows("SELECT n FROM convene_pulse WHERE number = 91") == ["12"])
        #expect(try network.rows("SELECT count(*) FROM convene_segment WHERE number = 91") == ["0"])
        #expect(try network.rows("SELECT count(*) FROM convene_pulse WHERE number = 90") == ["0"])

        let withComments = try await network.publish(as: role, history: history, comments: true)
        #expect(withComments.changed > 0)
        let published = try network.rows("SELECT session_id || '|' || number || '|' || comments::text FROM convene_pulse WHERE comments IS NOT NULL")
        #expect(!published.isEmpty)
        for line in published {
            let f = line.split(separator: "|", maxSplits: 2).map(String.init)
            let pulse = history.sessions.first { "\($0.id)" == f[0] }?.pulses.first { "\($0.number)" == f[1] }
            let list = try JSONDecoder().decode([String].self, from: Data(f[2].utf8))
            #expect(list == pulse?.comments.sorted())
            #expect((pulse?.count ?? 0) >= networkK)
        }
    }

    /// The server refuses, whatever a client sends, a pulse or segment under the network's k.
    @Test func theServerRefusesFiguresBelowTheNetworksK() async throws {
        let (network, table, role) = try await Self.demoNetwork(k: 6)
        _ = try await network.publish(as: role)
        #expect(throws: (any Error).self) {
            try network.rows(
                "INSERT INTO convene_pulse (table_id, session_id, number, question, answer, reverse, k, n) VALUES ('\(table)', 1, 99, 'q', 'scale', false, 5, 5)",
                as: role)
        }
        #expect(throws: (any Error).self) {
            try network.rows("UPDATE convene_pulse SET n = 5, k = 5 WHERE table_id = '\(table)' RETURNING 1", as: role)
        }
        #expect(try network.rows("SELECT count(*) FROM convene_pulse WHERE n < 6") == ["0"])
    }

    /// A table's k tells its readers what each figure passed: the table's own role cannot write it
    /// (issue 26); the server sets it from the table's own k and the network's, and a publish works.
    @Test func aTablesRoleCannotWriteItsOwnK() async throws {
        let (network, table, role) = try await Self.demoNetwork(k: 6)
        _ = try await network.publish(as: role)
        let published = "\(Demo.history.threshold) 6"
        let k = "SELECT local_k || ' ' || k FROM convene_table WHERE id = '\(table)'"
        #expect(try network.rows(k) == [published])
        for statement in [
            "UPDATE convene_table SET k = 3 WHERE id = '\(table)' RETURNING 1",
            "UPDATE convene_table SET k = 10 WHERE id = '\(table)' RETURNING 1",
            "UPDATE convene_table SET local_k = 3, k = 3 WHERE id = '\(table)' RETURNING 1",
        ] {
            #expect(
                "\(statement)", performing: { try network.rows(statement, as: role) },
                throws: { error in "\(error)".contains("permission denied") })
        }
        #expect(try network.rows(k) == [published])
        // Nor its own k directly (since migration 004 a table writes only through convene_publish,
        // which takes its k from the laptop and keeps the network's floor under it).
        #expect(
            performing: { try network.rows("UPDATE convene_table SET local_k = 3 WHERE id = '\(table)' RETURNING k", as: role) },
            throws: { "\($0)".contains("permission denied") })
        let again = try await network.publish(as: role)
        #expect(again.changed == 0 && again.k == 6)
        // The network's k rises: the table's k follows at once, before any publish.
        _ = try await network.initialize(k: 8)
        #expect(try network.rows(k) == ["\(Demo.history.threshold) 8"])
        let raised = try await network.publish(as: role)
        #expect(raised.k == 8)
        #expect(try network.rows(k) == ["\(Demo.history.threshold) 8"])
    }

    @Test func aTablesRoleWritesOnlyItsOwnRows() async throws {
        let (network, a, roleA) = try await Self.demoNetwork()
        let b = try await network.grant("Community Table")
        _ = try await network.publish(as: roleA)
        let before = try network.snapshot()
        let roleB = b.role

        // B cannot insert a row of A's table, in any table.
        for statement in [
            "INSERT INTO convene_session (table_id, session_id, day, started_at, title, conflicts_raised) VALUES ('\(a)', 999, '2026-01-01', now(), 'forged', 0)",
            "INSERT INTO convene_signal (table_id, signal, ordinal, severity, summary, evidence, figures, recommendations) VALUES ('\(a)', 'x', 0, 'act', 'forged', '[]', '{}', '[]')",
            "INSERT INTO convene_conflict (table_id, session_id, number, state) VALUES ('\(a)', 1, 99, 'open')",
        ] {
            #expect(performing: { try network.rows(statement, as: roleB) }, throws: { error in "\(error)".contains("permission denied") })
        }
        // B cannot update or delete A's rows (nor, since migration 004, write any row but through convene_publish).
        for statement in [
            "UPDATE convene_session SET title = 'taken' WHERE table_id = '\(a)' RETURNING 1",
            "UPDATE convene_pulse SET question = 'taken' WHERE table_id = '\(a)' RETURNING 1",
            "DELETE FROM convene_pulse WHERE table_id = '\(a)' RETURNING 1",
            "DELETE FROM convene_session WHERE table_id = '\(a)' RETURNING 1",
            "DELETE FROM convene_signal RETURNING 1",
            "UPDATE convene_table SET k = 3 WHERE id = '\(a)' RETURNING 1",
        ] {
            #expect("\(statement)", performing: { try network.rows(statement, as: roleB) }, throws: { "\($0)".contains("permission denied") })
        }
        #expect(try network.rows("SELECT count(*) FROM convene_session WHERE table_id = '\(a)'", as: roleB) == ["0"])
        // Nor write the network's settings or the list of tables.
        #expect(throws: (any Error).self) { try network.rows("UPDATE convene_network SET k = 3", as: roleB) }
        #expect(throws: (any Error).self) {
            try network.rows("INSERT INTO convene_table (id, name, writer_role) VALUES ('x', 'x', '\(roleB)')", as: roleB)
        }
        var after = try network.snapshot()
        after["convene_session"] = after["convene_session"]?.filter { !$0.contains("\"ours\"") }
        #expect(after == before)

        // B publishing the same group still lands in B's own table.
        let asB = try await network.publish(as: roleB)
        #expect(asB.table == b.table)
        #expect(try network.rows("SELECT count(*) FROM convene_session WHERE table_id = '\(a)'") == ["\(Demo.history.sessions.count)"])

        // A's role cannot change or delete its own rows either, but by publishing.
        #expect(
            performing: {
                try network.rows(
                    "UPDATE convene_session SET title = 'changed' WHERE table_id = '\(a)' AND session_id = \(Demo.history.sessions[0].id) RETURNING 1",
                    as: roleA)
            }, throws: { "\($0)".contains("permission denied") })
        #expect(try await network.publish(as: roleA).changed == 0)

        // The reader role reads everything and writes nothing.
        _ = try network.rows(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'staff_\(network.database)') THEN CREATE ROLE staff_\(network.database) LOGIN IN ROLE convene_reader; END IF; EXECUTE format('GRANT %I TO staff_\(network.database)', 'convene_' || convene_namespace() || '_network'); END $$"
        )
        let staff = "staff_\(network.database)"
        #expect(try network.rows("SELECT count(DISTINCT table_id) FROM convene_session", as: staff) == ["2"])
        #expect(throws: (any Error).self) { try network.rows("DELETE FROM convene_session", as: staff) }
    }

    /// The server stopped in the middle of a publish: a one-line error, and the server (once back)
    /// holds exactly what it held before.
    @Test func theServerStoppedMidPublish() async throws {
        let cluster = try TestCluster.makePrivate()
        defer { cluster.destroy() }
        let (network, table, role) = try await Self.demoNetwork(cluster: cluster)
        _ = try await network.publish(as: role)
        let before = try network.snapshot()

        // The new state: the group raised its k, so pulses under 8 would be taken back.
        var stricter = Demo.history
        stricter.threshold = 8
        await #expect {
            _ = try await network.publish(as: role, history: stricter, during: { try? cluster.stop() })
        } throws: { error in
            guard let error = error as? NetworkError else { return false }
            switch error {
            case .connectionLost, .unreachable: break
            default: return false
            }
            print("mid-publish: convene: \(error)")
            return !error.description.contains("\n") && error.description.count < 240
        }
        try cluster.start()
        #expect(try network.snapshot() == before)
        // And the next publish, with the server back, lands whole.
        let report = try await network.publish(as: role, history: stricter)
        #expect(report.k == 8 && report.table == table)
        #expect(try network.rows("SELECT count(*) FROM convene_pulse WHERE n < 8") == ["0"])
    }
}

/// Issue 23: a table's decisions on the network: counts, methods, quorum met or not, and the
/// support only from k stances; never the proposal's or the outcome's words.
@Suite struct DecisionPublishTests {
    static let history: GroupHistory = {
        var history = Demo.history
        let first = history.sessions[0].id
        let last = history.sessions[history.sessions.count - 1].id
        func decision(_ number: Int, support: [Int: Int]?, stances: Int, missing: [String]?) -> Decision {
            var d = Decision(
                number: number, proposal: "Fund the secret neighbourhood list", method: .gradients, status: .decided,
                outcome: "Eastside gets the money", rule: DecisionRule.standard(.gradients).description, support: support, stances: stances,
                threshold: 5, present: 9, quorumMissing: missing, madeAt: Date(timeIntervalSince1970: 1_800_000_000))
            d.verdict = support.map { DecisionRule.standard(.gradients).verdict($0, stance: Stance(proposal: number, method: .gradients)) }
            return d
        }
        history.decisions = [
            GroupHistory.DecisionEntry(decision: decision(1, support: [8: 4, 6: 2], stances: 6, missing: []), session: first),
            GroupHistory.DecisionEntry(decision: decision(2, support: [8: 5, 1: 3], stances: 8, missing: ["grassroots"]), session: last),
        ]
        return history
    }()

    @Test func decisionsArePublishedWithSupportOnlyFromKStances() async throws {
        let (network, table, role) = try await PublishTests.demoNetwork(k: 7)
        _ = try await network.publish(as: role, history: Self.history)
        let rows = try network.rows(
            "SELECT number || '|' || method || '|' || stances || '|' || coalesce(support::text, '-') || '|' || coalesce(accepted::text, '-') || '|' || coalesce(quorum_met::text, '-') FROM convene_decision WHERE table_id = '\(table)' ORDER BY number"
        )
        // Decision 1 had 6 stances: under the network's k = 7, only its count and quorum go.
        #expect(rows.count == 2)
        #expect(rows.first == "1|gradients|6|-|-|true")
        #expect(
            rows.last?.hasPrefix("2|gradients|8|{") == true && rows.last?.contains("\"block\": 3") == true
                && rows.last?.hasSuffix("|false|false") == true)
        // No words of the proposal or the outcome anywhere on the server.
        let dump = try network.snapshot().values.flatMap { $0 }.joined(separator: "\n")
        #expect(!dump.contains("secret neighbourhood") && !dump.contains("Eastside gets the money"))
        // The server's floor holds whoever writes: support from 6 stances under k = 7 is refused.
        #expect(throws: (any Error).self) {
            try network.rows("UPDATE convene_decision SET support = '{\"block\": 6}' WHERE table_id = '\(table)' AND number = 1 RETURNING 1")
        }
        // A table's role writes no decision row directly.
        #expect(throws: (any Error).self) {
            try network.rows("DELETE FROM convene_decision WHERE table_id = '\(table)' RETURNING 1", as: role)
        }
        // Publishing again changes nothing; raising the network's k to 9 withholds decision 2's support at once.
        #expect(try await network.publish(as: role, history: Self.history).changed == 0)
        _ = try await network.initialize(k: 9)
        #expect(try network.rows("SELECT count(*) FROM convene_decision WHERE support IS NOT NULL") == ["0"])
    }
}
