import Foundation

/// Migration 006 (issue 28): a table is bound to its laptop's group by the group's stable id (kept
/// in the laptop's store since its v15), not by its name. A group renamed on its laptop keeps its
/// table; another laptop's group, even of the same name, is refused until the backbone reassigns the
/// table. A table bound by name before 006 takes the id of the first publish whose group has that
/// name.
extension NetworkSchema {
    /// What `convene_publish` checks of the group before it writes (006 on): the id when the table
    /// has one; else the name, as 004 did.
    static let groupBinding = """
            IF v_t.group_id IS NOT NULL AND p_group_id IS NULL THEN
                RAISE EXCEPTION 'table "%" is bound to its laptop''s group by the group''s id: upgrade convene on this laptop and publish again',
                    v_t.name USING ERRCODE = 'CV002';
            ELSIF v_t.group_id IS NOT NULL AND p_group_id <> v_t.group_id THEN
                RAISE EXCEPTION 'table "%" publishes the group "%" of another laptop (or one made again), not this "%": publish that group, or the backbone runs convene network reassign "%"',
                    v_t.name, v_t.group_name, p_group, v_t.name USING ERRCODE = 'CV002';
            ELSIF v_t.group_id IS NULL AND v_t.group_name IS NOT NULL AND v_t.group_name <> p_group THEN
                RAISE EXCEPTION 'table "%" publishes the group "%", not "%": publish that group, or the backbone runs convene network reassign "%"',
                    v_t.name, v_t.group_name, p_group, v_t.name USING ERRCODE = 'CV002';
            END IF;
        """

    static let groupIdentity = Migration(
        name: "006-group-identity",
        statements: [
            "ALTER TABLE convene_table ADD COLUMN group_id text CHECK (group_id ~ '^[A-Za-z0-9_-]{1,64}$')",
            publishFunction(publishTablesAt004.union(["convene_decision"]), replace: false, groupID: true),
            // A laptop not yet upgraded still calls the three-argument function: it publishes by
            // name while the table has no id, and is told to upgrade once it has one.
            """
            CREATE OR REPLACE FUNCTION convene_publish(p_group text, p_local_k integer, p_payload jsonb)
            RETURNS TABLE (o_table text, o_name text, o_k integer, o_changed integer)
            LANGUAGE sql SECURITY DEFINER AS $$
                SELECT * FROM convene_publish(p_group, NULL::text, p_local_k, p_payload)
            $$
            """,
            "REVOKE EXECUTE ON FUNCTION convene_publish(text, integer, jsonb), convene_publish(text, text, integer, jsonb) FROM PUBLIC",
            "GRANT EXECUTE ON FUNCTION convene_publish(text, integer, jsonb), convene_publish(text, text, integer, jsonb) TO \(writerRole)",
            """
            DO $$ DECLARE f text;
            BEGIN
                FOREACH f IN ARRAY ARRAY['convene_publish(text, integer, jsonb)', 'convene_publish(text, text, integer, jsonb)'] LOOP
                    EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp', f, current_schema());
                END LOOP;
            END $$
            """,
        ])
}
