import Foundation
import PostgresNIO

/// The network's schema: named, append-only migrations recorded in `convene_migration`. A migration
/// once shipped is never edited; a change is a new one at the end. Running them again changes
/// nothing.
///
/// What the schema holds is what DESIGN.md lets leave a laptop: sessions (date, plan title,
/// headcount and headcount by category), pulse aggregates that met the threshold (n, mean, sd,
/// histogram, segments as the remainder rule kept them, comments only when published with
/// `--comments`), airtime by category with its Gini, commitment and conflict counts and states, and
/// the group's signals with their evidence. No raw answers, ballots, seat labels or anything below k:
/// there are no columns for them, and a trigger refuses any pulse or segment under the network's k.
enum NetworkSchema {
    struct Migration {
        var name: String
        var statements: [String]
    }

    static let readerRole = "convene_reader"
    static let writerRole = "convene_writer"

    /// The tables a publish writes (each with `table_id`; row-level security keeps a table's role to its own rows).
    static let dataTables = [
        "convene_session", "convene_headcount", "convene_airtime", "convene_pulse", "convene_segment",
        "convene_commitment", "convene_conflict", "convene_signal",
    ]

    /// The tables 001 made (its statements are built from this list, so it stays as it was).
    static let allTables = ["convene_migration", "convene_network", "convene_table"] + dataTables

    /// Every table of the schema now, for reading and for the tests' scans.
    static let everyTable = allTables + ["convene_decision"]

    static func createRole(_ name: String, login: Bool, inRole: String? = nil) -> String {
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(name)') THEN
                CREATE ROLE "\(name)" \(login ? "LOGIN" : "NOLOGIN")\(inRole.map { " IN ROLE \"\($0)\"" } ?? "");
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$
        """
    }

    /// The policy that keeps a table's writer to its own rows.
    static let ownRows = "table_id IN (SELECT t.id FROM convene_table t WHERE t.writer_role = current_user::text)"

    static let migrations: [Migration] = [
        Migration(
            name: "001-network",
            statements: [
                createRole(readerRole, login: false),
                createRole(writerRole, login: false),
                """
                CREATE TABLE convene_network (
                    id boolean PRIMARY KEY DEFAULT true CHECK (id),
                    k integer NOT NULL DEFAULT 5 CHECK (k BETWEEN 3 AND 10)
                )
                """,
                "INSERT INTO convene_network (id, k) VALUES (true, 5) ON CONFLICT DO NOTHING",
                """
                CREATE TABLE convene_table (
                    id text PRIMARY KEY CHECK (id ~ '^[a-z0-9_]{1,40}$'),
                    name text NOT NULL UNIQUE,
                    writer_role text UNIQUE,
                    local_k integer CHECK (local_k BETWEEN 3 AND 10),
                    k integer CHECK (k BETWEEN 3 AND 10)
                )
                """,
                """
                CREATE TABLE convene_session (
                    table_id text NOT NULL REFERENCES convene_table (id) ON DELETE CASCADE,
                    session_id bigint NOT NULL,
                    day date NOT NULL,
                    started_at timestamptz NOT NULL,
                    title text NOT NULL,
                    headcount integer CHECK (headcount >= 0),
                    conflicts_raised integer NOT NULL CHECK (conflicts_raised >= 0),
                    airtime_turns integer CHECK (airtime_turns >= 0),
                    airtime_gini double precision CHECK (airtime_gini BETWEEN 0 AND 1),
                    PRIMARY KEY (table_id, session_id)
                )
                """,
                """
                CREATE TABLE convene_headcount (
                    table_id text NOT NULL,
                    session_id bigint NOT NULL,
                    category text NOT NULL,
                    present integer NOT NULL CHECK (present >= 0),
                    PRIMARY KEY (table_id, session_id, category),
                    FOREIGN KEY (table_id, session_id) REFERENCES convene_session ON DELETE CASCADE
                )
                """,
                """
                CREATE TABLE convene_airtime (
                    table_id text NOT NULL,
                    session_id bigint NOT NULL,
                    category text NOT NULL,
                    turns integer NOT NULL CHECK (turns >= 0),
                    PRIMARY KEY (table_id, session_id, category),
                    FOREIGN KEY (table_id, session_id) REFERENCES convene_session ON DELETE CASCADE
                )
                """,
                """
                CREATE TABLE convene_pulse (
                    table_id text NOT NULL,
                    session_id bigint NOT NULL,
                    number integer NOT NULL,
                    question text NOT NULL,
                    library_id text,
                    answer text NOT NULL,
                    measures text,
                    reverse boolean NOT NULL,
                    scale_min integer,
                    scale_max integer,
                    k integer NOT NULL CHECK (k BETWEEN 3 AND 10),
                    n integer NOT NULL,
                    present integer,
                    mean double precision,
                    sd double precision,
                    normalized_mean double precision,
                    histogram jsonb,
                    comments jsonb,
                    PRIMARY KEY (table_id, session_id, number),
                    FOREIGN KEY (table_id, session_id) REFERENCES convene_session ON DELETE CASCADE,
                    CHECK (n >= k),
                    CHECK (present IS NULL OR n <= present)
                )
                """,
                """
                CREATE TABLE convene_segment (
                    table_id text NOT NULL,
                    session_id bigint NOT NULL,
                    number integer NOT NULL,
                    position integer NOT NULL,
                    question text NOT NULL,
                    segment text NOT NULL,
                    pooled boolean NOT NULL,
                    k integer NOT NULL CHECK (k BETWEEN 3 AND 10),
                    n integer NOT NULL,
                    mean double precision,
                    histogram jsonb NOT NULL,
                    PRIMARY KEY (table_id, session_id, number, position),
                    FOREIGN KEY (table_id, session_id, number) REFERENCES convene_pulse ON DELETE CASCADE,
                    CHECK (n >= k)
                )
                """,
                """
                CREATE TABLE convene_commitment (
                    table_id text NOT NULL,
                    session_id bigint NOT NULL,
                    number integer NOT NULL,
                    owner_category text NOT NULL,
                    due text NOT NULL CHECK (due IN ('none', 'next-session', 'day')),
                    due_day date,
                    done_session_id bigint,
                    done_day date,
                    state text NOT NULL CHECK (state IN ('open', 'done')),
                    PRIMARY KEY (table_id, session_id, number),
                    FOREIGN KEY (table_id, session_id) REFERENCES convene_session ON DELETE CASCADE
                )
                """,
                """
                CREATE TABLE convene_conflict (
                    table_id text NOT NULL,
                    session_id bigint NOT NULL,
                    number integer NOT NULL,
                    resolved_session_id bigint,
                    state text NOT NULL CHECK (state IN ('open', 'resolved')),
                    PRIMARY KEY (table_id, session_id, number),
                    FOREIGN KEY (table_id, session_id) REFERENCES convene_session ON DELETE CASCADE
                )
                """,
                """
                CREATE TABLE convene_signal (
                    table_id text NOT NULL REFERENCES convene_table (id) ON DELETE CASCADE,
                    signal text NOT NULL,
                    ordinal integer NOT NULL,
                    severity text NOT NULL CHECK (severity IN ('info', 'watch', 'act')),
                    summary text NOT NULL,
                    evidence jsonb NOT NULL,
                    figures jsonb NOT NULL,
                    recommendations jsonb NOT NULL,
                    PRIMARY KEY (table_id, signal, ordinal)
                )
                """,
                // The floor, whatever a client sends: no pulse or segment under the network's k.
                """
                CREATE FUNCTION convene_k_floor() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.n < NEW.k OR NEW.n < (SELECT k FROM convene_network) THEN
                        RAISE EXCEPTION 'convene: % answers is below the network''s threshold', NEW.n USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$
                """,
                "CREATE TRIGGER convene_pulse_k_floor BEFORE INSERT OR UPDATE ON convene_pulse FOR EACH ROW EXECUTE FUNCTION convene_k_floor()",
                "CREATE TRIGGER convene_segment_k_floor BEFORE INSERT OR UPDATE ON convene_segment FOR EACH ROW EXECUTE FUNCTION convene_k_floor()",
                // Access: the reader reads everything; writers (each table's role is a member) write
                // only their own table's rows.
                "GRANT SELECT ON \(allTables.joined(separator: ", ")) TO \(readerRole)",
                "GRANT SELECT ON convene_migration, convene_network TO \(writerRole)",
                "GRANT SELECT, UPDATE (local_k, k) ON convene_table TO \(writerRole)",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON \(dataTables.joined(separator: ", ")) TO \(writerRole)",
                "ALTER TABLE convene_table ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY convene_read ON convene_table FOR SELECT TO \(readerRole) USING (true)",
                "CREATE POLICY convene_own ON convene_table TO \(writerRole) USING (writer_role = current_user::text) WITH CHECK (writer_role = current_user::text)",
            ]
                + dataTables.flatMap { table in
                    [
                        "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
                        "CREATE POLICY convene_read ON \(table) FOR SELECT TO \(readerRole) USING (true)",
                        "CREATE POLICY convene_own ON \(table) TO \(writerRole) USING (\(ownRows)) WITH CHECK (\(ownRows))",
                    ]
                }),
        // The views read each session's trust and worth from its row instead of aggregating every
        // pulse at each read (500 tables × 120 sessions in under half a second); older rows are
        // filled from their published pulses.
        Migration(
            name: "002-session-measures",
            statements: [
                """
                ALTER TABLE convene_session
                    ADD COLUMN trust double precision CHECK (trust BETWEEN 1 AND 5),
                    ADD COLUMN worth double precision CHECK (worth BETWEEN 1 AND 5)
                """,
                """
                UPDATE convene_session s SET trust = p.trust, worth = p.worth FROM (
                    SELECT table_id, session_id,
                        sum(normalized_mean * n) FILTER (WHERE measures = 'trust') / NULLIF(sum(n) FILTER (WHERE measures = 'trust'), 0) AS trust,
                        sum(normalized_mean * n) FILTER (WHERE measures = 'worth') / NULLIF(sum(n) FILTER (WHERE measures = 'worth'), 0) AS worth
                    FROM convene_pulse WHERE measures IN ('trust', 'worth') AND normalized_mean IS NOT NULL
                    GROUP BY table_id, session_id
                ) p WHERE s.table_id = p.table_id AND s.session_id = p.session_id
                """,
            ]),
        // A table's k is what its readers are told each figure passed: the server works it out (the
        // larger of the table's own k and the network's, as each publish did), and refuses any
        // other value, from any role. A trigger rather than a revoked column grant, so that a laptop
        // not yet upgraded, which still sends that same k, goes on publishing.
        Migration(
            name: "003-table-k-from-the-server",
            statements: [
                """
                CREATE FUNCTION convene_table_k() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    server_k integer := CASE WHEN NEW.local_k IS NULL THEN NULL
                        ELSE greatest(NEW.local_k, (SELECT k FROM convene_network)) END;
                BEGIN
                    IF NEW.k IS DISTINCT FROM server_k AND (TG_OP = 'INSERT' OR NEW.k IS DISTINCT FROM OLD.k) THEN
                        RAISE EXCEPTION 'a table''s k is set by the server (the larger of the table''s own k and the network''s), not written by a role'
                            USING ERRCODE = 'insufficient_privilege';
                    END IF;
                    NEW.k := server_k;
                    RETURN NEW;
                END $$
                """,
                "CREATE TRIGGER convene_table_k BEFORE INSERT OR UPDATE ON convene_table FOR EACH ROW EXECUTE FUNCTION convene_table_k()",
            ]),
        // Issue 28: writers write only through convene_publish; see NetworkSchema+Hardening.swift.
        hardening,
        decisions,
        groupIdentity,
    ]

    /// A table's id (and its role's suffix): its name in lower-case ASCII letters, digits and `_`.
    static func tableID(_ name: String) -> String {
        var id = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                id.unicodeScalars.append(scalar)
            } else if !id.isEmpty && !id.hasSuffix("_") {
                id += "_"
            }
        }
        while id.hasSuffix("_") { id.removeLast() }
        // A name with no ASCII letter or digit, or a long one, gets a stable hash.
        if id.isEmpty || id.count > 30 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            id = String(id.prefix(20)) + (id.isEmpty ? "t" : "_") + String(hash, radix: 16).prefix(8)
        }
        return id
    }

    /// A table's login role, named by the network's database (`convene_namespace()` on the server,
    /// migration 004) so that two networks on one server never share one.
    static func writerRole(forTable id: String, namespace: String) -> String { "convene_\(namespace)_t_" + id }

    /// A reader's login role: `convene_<namespace>_r_` and the name as a table id would spell it.
    static func readerRole(named name: String, namespace: String) -> String { "convene_\(namespace)_r_" + tableID(name) }

    /// The group role that holds CONNECT on the network's database.
    static func networkRole(namespace: String) -> String { "convene_\(namespace)_network" }

}
