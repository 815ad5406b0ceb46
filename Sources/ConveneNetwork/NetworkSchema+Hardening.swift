import Foundation

/// Migration 004 (issue 28): a server no table can forge or stall.
///
/// - Writers write only through `convene_publish`, a `SECURITY DEFINER` function with a fixed
///   `search_path` (`pg_catalog, <schema>, pg_temp`: a TEMP table cannot shadow the network's), which
///   takes one table's whole publication and checks it (the k floor, lengths, counts) on the server.
///   Table roles keep SELECT only: no INSERT, UPDATE, DELETE, and so no LOCK that could stall others.
/// - A session's trust and worth are worked out on the server from the pulses it holds, never taken
///   from the laptop; raising the network's k withholds at once what no longer passes.
/// - CONNECT and TEMP are revoked from PUBLIC; a per-database group role (`convene_<ns>_network`)
///   holds CONNECT, and new login roles are named by the database, so two networks on one server
///   share no role. Each login role gets statement, lock and idle-in-transaction timeouts.
/// - A table is bound to the group it first published; a publish leaves exactly the published history.
extension NetworkSchema {
    /// The most a publication may hold; the server refuses more with a line that names the limit.
    enum Limit {
        static let payloadBytes = 16 * 1024 * 1024
        static let sessions = 5000
        static let pulses = 100_000
        static let signals = 1000
        /// The longest group name a table may carry (004's CHECK on `convene_table.group_name`).
        static let groupName = 200
    }

    /// Per-role settings for every login role of the network (PostgreSQL applies them at login).
    static let roleSettings = [
        ("statement_timeout", "60s"), ("lock_timeout", "5s"), ("idle_in_transaction_session_timeout", "30s"),
    ]
    static let connectionLimit = 8

    /// Text lengths the server enforces (NOT VALID: rows already there are kept, new ones are checked).
    static let lengths: [(table: String, column: String, max: Int)] = [
        ("convene_session", "title", 500),
        ("convene_headcount", "category", 200),
        ("convene_airtime", "category", 200),
        ("convene_pulse", "question", 2000),
        ("convene_pulse", "library_id", 200),
        ("convene_pulse", "answer", 40),
        ("convene_pulse", "measures", 40),
        ("convene_pulse", "histogram::text", 20000),
        ("convene_pulse", "comments::text", 200_000),
        ("convene_segment", "question", 2000),
        ("convene_segment", "segment", 200),
        ("convene_segment", "histogram::text", 20000),
        ("convene_commitment", "owner_category", 200),
        ("convene_signal", "signal", 100),
        ("convene_signal", "summary", 2000),
        ("convene_signal", "evidence::text", 50000),
        ("convene_signal", "figures::text", 20000),
        ("convene_signal", "recommendations::text", 50000),
    ]

    /// The functions whose `search_path` is fixed (a TEMP table or a PUBLIC schema object cannot
    /// stand in for the network's own).
    static let pinnedFunctions = [
        "convene_k_floor()", "convene_table_k()", "convene_admit(text, text)", "convene_session_measures(text)", "convene_apply_k()",
        "convene_publish(text, integer, jsonb)",
    ]

    /// The tables `convene_publish` wrote at migration 004: its body is built from these, so that a
    /// later table (each comes with a migration of its own that replaces the function) never
    /// changes what 004 creates.
    static let publishTablesAt004: Set<String> = [
        "convene_session", "convene_headcount", "convene_airtime", "convene_pulse", "convene_segment", "convene_commitment", "convene_conflict",
        "convene_signal",
    ]

    /// The body of `convene_publish`'s deletes and upserts, for the publish targets named in `tables`.
    static func publishWrites(_ tables: Set<String>) -> String {
        var sql = ""
        let payload = { (name: String) in "coalesce(p_payload->'\(name)', '[]'::jsonb)" }
        // Deletes first, children before parents: the server keeps exactly what was published.
        for name in (NetworkDatabase.deleteOrder + ["convene_session"]).filter(tables.contains) {
            let target = NetworkDatabase.targets[name]!
            let match = target.key.map { "x.\($0) = t.\($0)" }.joined(separator: " AND ")
            sql += """
                DELETE FROM \(name) t WHERE t.table_id = v_id
                    AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset(\(payload(name))) AS x(\(target.keyType)) WHERE \(match));
                GET DIAGNOSTICS v_n = ROW_COUNT;
                v_changed := v_changed + v_n;

                """
        }
        for name in NetworkDatabase.upsertOrder.filter(tables.contains) {
            var target = NetworkDatabase.targets[name]!
            // Trust and worth are the server's to work out from the pulses (convene_session_measures).
            target.columns.removeAll { ["trust", "worth"].contains($0.0) && name == "convene_session" }
            let names = target.columns.map(\.0)
            let values = names.filter { !target.key.contains($0) }
            let update =
                values.isEmpty
                ? "DO NOTHING"
                : """
                DO UPDATE SET \(values.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
                    WHERE (\(values.map { "t.\($0)" }.joined(separator: ", ")), NULL) IS DISTINCT FROM (\(values.map { "excluded.\($0)" }.joined(separator: ", ")), NULL)
                """
            sql += """
                INSERT INTO \(name) AS t (table_id, \(names.joined(separator: ", ")))
                    SELECT v_id, \(names.map { "x.\($0)" }.joined(separator: ", ")) FROM jsonb_to_recordset(\(payload(name))) AS x(\(target.recordType))
                    ON CONFLICT (table_id, \(target.key.joined(separator: ", "))) \(update);
                GET DIAGNOSTICS v_n = ROW_COUNT;
                v_changed := v_changed + v_n;

                """
        }
        return sql
    }

    /// `convene_apply_k`: after the network's k changed, each table's k follows and what no longer
    /// passes is withheld at once (not at each table's next publish); from 005, decisions' support too.
    static func applyKFunction(decisions: Bool) -> String {
        let floor = { (alias: String) in
            "greatest((SELECT k FROM convene_network), coalesce((SELECT t.k FROM convene_table t WHERE t.id = \(alias).table_id), 0))"
        }
        return """
            \(decisions ? "CREATE OR REPLACE" : "CREATE") FUNCTION convene_apply_k(OUT o_pulses integer, OUT o_segments integer) LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE convene_table SET local_k = local_k WHERE local_k IS NOT NULL;
                DELETE FROM convene_segment s WHERE s.n < \(floor("s"));
                GET DIAGNOSTICS o_segments = ROW_COUNT;
                DELETE FROM convene_pulse p WHERE p.n < \(floor("p"));
                GET DIAGNOSTICS o_pulses = ROW_COUNT;
            \(decisions ? "    UPDATE convene_decision d SET support = NULL, accepted = NULL WHERE (d.support IS NOT NULL OR d.accepted IS NOT NULL) AND d.stances < \(floor("d"));" : "")
                PERFORM convene_session_measures(NULL);
            END $$
            """
    }

    /// `convene_publish`: one table's whole publication, checked and written by the server, for
    /// the publish targets named in `tables`. With `groupID` (migration 006) it takes the group's
    /// stable id too and binds the table to it (`groupBinding`); without, it is 004's and 005's text.
    static func publishFunction(_ tables: Set<String>, replace: Bool, groupID: Bool = false) -> String {
        """
        \(replace ? "CREATE OR REPLACE" : "CREATE") FUNCTION convene_publish(p_group text, \(groupID ? "p_group_id text, " : "")p_local_k integer, p_payload jsonb)
        RETURNS TABLE (o_table text, o_name text, o_k integer, o_changed integer)
        LANGUAGE plpgsql SECURITY DEFINER AS $$
        DECLARE
            v_t record;
            v_id text;
            v_n integer;
            v_changed integer := 0;
            v_network_k integer := (SELECT k FROM convene_network);
        BEGIN
            -- The table is the connecting role's; only the network's owner may name one.
            SELECT t.id, t.name, t.group_name, t.suspended\(groupID ? ", t.group_id" : "") INTO v_t FROM convene_table t WHERE t.writer_role = session_user::text FOR UPDATE;
            IF NOT FOUND AND has_table_privilege(session_user, 'convene_table', 'UPDATE') THEN
                SELECT t.id, t.name, t.group_name, t.suspended\(groupID ? ", t.group_id" : "") INTO v_t FROM convene_table t WHERE t.name = p_group FOR UPDATE;
            END IF;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'role % has no table in this network', session_user USING ERRCODE = 'CV001';
            END IF;
            v_id := v_t.id;
            IF v_t.suspended THEN
                RAISE EXCEPTION 'table "%" is suspended by the backbone: nothing was published (the backbone runs convene network resume "%")',
                    v_t.name, v_t.name USING ERRCODE = 'CV004';
            END IF;
        \(groupID ? groupBinding : """
            IF v_t.group_name IS NOT NULL AND v_t.group_name <> p_group THEN
                RAISE EXCEPTION 'table "%" publishes the group "%", not "%": publish that group, or the backbone runs convene network reassign "%"',
                    v_t.name, v_t.group_name, p_group, v_t.name USING ERRCODE = 'CV002';
            END IF;
        """)
            IF pg_column_size(p_payload) > \(Limit.payloadBytes) THEN
                RAISE EXCEPTION 'this publication is % MB: a table publishes at most \(Limit.payloadBytes / 1024 / 1024) MB',
                    pg_column_size(p_payload) / 1048576 USING ERRCODE = 'CV003';
            END IF;
            IF jsonb_array_length(coalesce(p_payload->'convene_session', '[]')) > \(Limit.sessions)
                OR jsonb_array_length(coalesce(p_payload->'convene_pulse', '[]')) > \(Limit.pulses)
                OR jsonb_array_length(coalesce(p_payload->'convene_signal', '[]')) > \(Limit.signals) THEN
                RAISE EXCEPTION 'this publication has more rows than a table may publish (\(Limit.sessions) sessions, \(Limit.pulses) pulses, \(Limit.signals) signals)'
                    USING ERRCODE = 'CV003';
            END IF;
            UPDATE convene_table t SET local_k = p_local_k, group_name = p_group\(groupID ? ", group_id = coalesce(p_group_id, t.group_id)" : "")
                WHERE t.id = v_id AND (t.local_k, t.k, t.group_name\(groupID ? ", t.group_id" : "")) IS DISTINCT FROM (p_local_k, greatest(p_local_k, v_network_k), p_group\(groupID ? ", coalesce(p_group_id, t.group_id)" : ""));
            GET DIAGNOSTICS v_n = ROW_COUNT;
            v_changed := v_changed + v_n;
        \(publishWrites(tables))
            v_changed := v_changed + convene_session_measures(v_id);
            INSERT INTO convene_activity AS a (table_id, published_at) VALUES (v_id, now())
                ON CONFLICT (table_id) DO UPDATE SET published_at = excluded.published_at, publishes = a.publishes + 1;
            RETURN QUERY SELECT v_id, v_t.name::text, t.k, v_changed FROM convene_table t WHERE t.id = v_id;
        END $$
        """
    }

    static let hardening = Migration(
        name: "004-writers-through-functions",
        statements: [
            // The database's short name for its roles: the name itself when it is short lower-case
            // ASCII, else a hash (role names are server-wide; database names are not role-safe).
            """
            CREATE FUNCTION convene_namespace() RETURNS text LANGUAGE sql STABLE AS $$
                SELECT CASE WHEN current_database() ~ '^[a-z0-9]{1,16}$' THEN current_database()
                    ELSE 'n' || left(md5(current_database()), 12) END
            $$
            """,
            """
            DO $$ DECLARE
                network_role text := 'convene_' || convene_namespace() || '_network';
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = network_role) THEN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', network_role);
                END IF;
                EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
                EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), network_role);
                EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema());
            END $$
            """,
            // Lets a login role connect to this database (and no other network's), with timeouts
            // so that a laptop that stops mid-transaction cannot hold what others wait for.
            """
            CREATE FUNCTION convene_admit(p_role text, p_group text) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                EXECUTE format('GRANT %I TO %I', 'convene_' || convene_namespace() || '_network', p_role);
                EXECUTE format('GRANT %I TO %I', p_group, p_role);
                EXECUTE format('ALTER ROLE %I CONNECTION LIMIT \(connectionLimit)', p_role);
            \(roleSettings.map { "    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET \($0.0) = %L', p_role, current_database(), '\($0.1)');" }.joined(separator: "\n"))
            END $$
            """,
            "REVOKE EXECUTE ON FUNCTION convene_admit(text, text) FROM PUBLIC",
            // The tables' roles already in this network keep their access. Readers do not: the shared
            // convene_reader does not say which network a reader was made for, so each is made again
            // with `convene network reader NAME` (its new name carries the database's).
            """
            DO $$ DECLARE r text;
            BEGIN
                FOR r IN SELECT writer_role FROM convene_table WHERE writer_role IN (SELECT rolname FROM pg_roles) LOOP
                    PERFORM convene_admit(r, '\(writerRole)');
                END LOOP;
            END $$
            """,
            """
            ALTER TABLE convene_table
                ADD COLUMN group_name text CHECK (char_length(group_name) <= \(Limit.groupName)),
                ADD COLUMN suspended boolean NOT NULL DEFAULT false
            """,
            """
            CREATE TABLE convene_activity (
                table_id text PRIMARY KEY REFERENCES convene_table (id) ON DELETE CASCADE,
                published_at timestamptz NOT NULL,
                publishes integer NOT NULL DEFAULT 1
            )
            """,
            "GRANT SELECT ON convene_activity TO \(readerRole)",
            // Table roles read their own rows and write none directly: every write is convene_publish.
            "REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON \(dataTables.joined(separator: ", ")) FROM \(writerRole)",
            "REVOKE UPDATE (local_k, k) ON convene_table FROM \(writerRole)",
            "REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON convene_table, convene_network, convene_migration FROM \(writerRole)",
            // The floor also holds each row to its table's own k (the larger of the two).
            """
            CREATE OR REPLACE FUNCTION convene_k_floor() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.n < NEW.k OR NEW.n < (SELECT k FROM convene_network)
                    OR NEW.n < coalesce((SELECT t.k FROM convene_table t WHERE t.id = NEW.table_id), 0) THEN
                    RAISE EXCEPTION 'convene: % answers is below the network''s threshold', NEW.n USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$
            """,
        ]
            + lengths.map { length in
                let name = "convene_len_" + length.column.replacingOccurrences(of: "::text", with: "")
                let measure = length.column.hasSuffix("::text") ? "octet_length(\(length.column))" : "char_length(\(length.column))"
                return "ALTER TABLE \(length.table) ADD CONSTRAINT \(name) CHECK (\(measure) <= \(length.max)) NOT VALID"
            }
            + [
                // Each session's trust and worth from the pulses the server holds for it (the same
                // sums, in the same order, as the laptop's, so a republish rewrites nothing).
                """
                CREATE FUNCTION convene_session_measures(p_table text) RETURNS integer LANGUAGE plpgsql AS $$
                DECLARE v_n integer;
                BEGIN
                    UPDATE convene_session s SET trust = m.trust, worth = m.worth FROM (
                        SELECT s2.table_id, s2.session_id,
                            sum(p.normalized_mean * p.n ORDER BY p.number) FILTER (WHERE p.measures = 'trust')
                                / NULLIF(sum(p.n) FILTER (WHERE p.measures = 'trust'), 0) AS trust,
                            sum(p.normalized_mean * p.n ORDER BY p.number) FILTER (WHERE p.measures = 'worth')
                                / NULLIF(sum(p.n) FILTER (WHERE p.measures = 'worth'), 0) AS worth
                        FROM convene_session s2
                        LEFT JOIN convene_pulse p ON p.table_id = s2.table_id AND p.session_id = s2.session_id
                            AND p.measures IN ('trust', 'worth') AND p.normalized_mean IS NOT NULL
                        WHERE p_table IS NULL OR s2.table_id = p_table
                        GROUP BY s2.table_id, s2.session_id
                    ) m
                    WHERE s.table_id = m.table_id AND s.session_id = m.session_id AND (s.trust, s.worth) IS DISTINCT FROM (m.trust, m.worth);
                    GET DIAGNOSTICS v_n = ROW_COUNT;
                    RETURN v_n;
                END $$
                """,
                // After the network's k changed: each table's k follows, and what no longer passes is
                // withheld at once (not at each table's next publish).
                applyKFunction(decisions: false),
                publishFunction(publishTablesAt004, replace: false),
                "REVOKE EXECUTE ON FUNCTION convene_publish(text, integer, jsonb), convene_session_measures(text), convene_apply_k() FROM PUBLIC",
                "GRANT EXECUTE ON FUNCTION convene_publish(text, integer, jsonb) TO \(writerRole)",
                """
                DO $$ DECLARE f text;
                BEGIN
                    FOREACH f IN ARRAY ARRAY['\(pinnedFunctions.joined(separator: "', '"))'] LOOP
                        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp', f, current_schema());
                    END LOOP;
                END $$
                """,
                // The views' sessions query reads in index order (issue 28's 5,000-table figures).
                "CREATE INDEX convene_session_order ON convene_session (table_id, started_at, session_id)",
            ])
}
