import Foundation

/// Migration 005 (issue 23): a table's decisions on the network. What is published of a decision
/// is its method, status, how many took a stance, the quorum met or not and who was present by
/// count; its support by level and its verdict only when the stances reach the k in force (the
/// floor holds it on the server as it holds pulses). No proposal or outcome text leaves the laptop:
/// the words are the group's own record, like its notes.
extension NetworkSchema {
    static let decisions = Migration(
        name: "005-decisions",
        statements: [
            """
            CREATE TABLE convene_decision (
                table_id text NOT NULL,
                session_id bigint NOT NULL,
                number integer NOT NULL,
                method text NOT NULL CHECK (method IN ('gradients', 'fist-to-five', 'consent', 'majority', 'dot-vote')),
                status text NOT NULL CHECK (status IN ('decided', 'deferred')),
                stances integer NOT NULL CHECK (stances BETWEEN 0 AND 100000),
                k integer NOT NULL,
                support jsonb CHECK (octet_length(support::text) <= 20000),
                accepted boolean,
                quorum_met boolean,
                present integer,
                PRIMARY KEY (table_id, session_id, number),
                FOREIGN KEY (table_id, session_id) REFERENCES convene_session ON DELETE CASCADE
            )
            """,
            // The floor for a decision's support: from k stances only, the larger of the network's
            // and the table's, whoever writes.
            """
            CREATE FUNCTION convene_decision_floor() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF (NEW.support IS NOT NULL OR NEW.accepted IS NOT NULL) AND (NEW.stances < NEW.k OR NEW.stances < (SELECT k FROM convene_network)
                    OR NEW.stances < coalesce((SELECT t.k FROM convene_table t WHERE t.id = NEW.table_id), 0)) THEN
                    RAISE EXCEPTION 'convene: % stances is below the network''s threshold', NEW.stances USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $$
            """,
            "CREATE TRIGGER convene_decision_k_floor BEFORE INSERT OR UPDATE ON convene_decision FOR EACH ROW EXECUTE FUNCTION convene_decision_floor()",
            "GRANT SELECT ON convene_decision TO \(readerRole), \(writerRole)",
            "ALTER TABLE convene_decision ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY convene_read ON convene_decision FOR SELECT TO \(readerRole) USING (true)",
            "CREATE POLICY convene_own ON convene_decision FOR SELECT TO \(writerRole) USING (\(ownRows))",
            publishFunction(publishTablesAt004.union(["convene_decision"]), replace: true),
            // A raised k withholds a decision's support at once, as it withholds pulses.
            applyKFunction(decisions: true),
            "REVOKE EXECUTE ON FUNCTION convene_publish(text, integer, jsonb), convene_apply_k(), convene_decision_floor() FROM PUBLIC",
            "GRANT EXECUTE ON FUNCTION convene_publish(text, integer, jsonb) TO \(writerRole)",
            """
            DO $$ DECLARE f text;
            BEGIN
                FOREACH f IN ARRAY ARRAY['convene_publish(text, integer, jsonb)', 'convene_apply_k()', 'convene_decision_floor()'] LOOP
                    EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp', f, current_schema());
                END LOOP;
            END $$
            """,
        ])
}
