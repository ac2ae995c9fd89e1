-- Change tracking for the analytics refresh, noted by one statement trigger per watched table,
-- with a mark no session or role setting can preset.
--
-- Until now UPDATE and DELETE were noted by BEFORE row triggers gated by a WHEN clause. A
-- BEFORE UPDATE or DELETE row trigger makes PostgreSQL fetch and lock each row before its WHEN
-- clause is looked at, so a bulk UPDATE or DELETE paid for tracking on every row. And the WHEN
-- clause trusted a setting ('cocktaildb.analytics_noted' = 'on') that any session, or ALTER ROLE
-- ... SET, can preset: every write of such a session went untracked.
--
-- Now each watched table has one AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE statement trigger:
-- never a per-row cost, and a statement that changes no row is noted too (at worst one refresh
-- too many). analytics_note_change() inserts one row per writing transaction, as before, and
-- marks the transaction with its own id; the WHEN clause skips the call only while the mark is
-- this transaction's id, which no preset can know, so a preset mark just means the row is
-- inserted. (A transaction that sets the mark to its own id on purpose skips its notice; it can
-- only delay the refresh of its change to the next refresh any other change starts, since a
-- refresh reads the tables whole. Checking the mark against the log in every writing statement
-- would close that too, at a cost measured in docs/benchmarks.md.)
--
-- The triggers fire ALWAYS, also for writes made with session_replication_role = replica
-- (logical replication's apply worker, tools that load data that way). The function is no longer
-- executable by PUBLIC: no role can attach it to a trigger of its own to write into the log.
-- Firing the triggers needs no such right. analytics_changes gets a replica identity, so a
-- publication FOR ALL TABLES does not make every refresh fail at its DELETE.
--
-- analytics_refresh_runs.cluster_id: the cluster a run was claimed in (pg_control_system()). A
-- run row restored from a dump of another cluster carries that cluster's snapshot, which means
-- nothing here: such a row never marks a change done, and never holds the refresh slot.

-- Every watched table, and the change log, until this commits: no write falls between the old
-- triggers and the new one. lock_timeout counts for each table in turn, and the tables already
-- locked block every query meanwhile; an eighth of it each keeps the whole wait within the
-- migration's lock timeout (the statement is retried whole after a timeout).
SELECT set_config('cocktaildb.migration_lock_timeout', current_setting('lock_timeout'), true),
       set_config('lock_timeout', CASE WHEN setting::bigint = 0 THEN '0' ELSE greatest(1, setting::bigint / 8)::text END, true)
FROM pg_settings WHERE name = 'lock_timeout';
LOCK TABLE recipes, ingredients, recipe_ingredients, units, ratings, tags, recipe_tags, analytics_changes
    IN ACCESS EXCLUSIVE MODE;
SELECT set_config('lock_timeout', current_setting('cocktaildb.migration_lock_timeout'), true);

ALTER TABLE analytics_changes REPLICA IDENTITY FULL;

ALTER TABLE analytics_refresh_runs ADD COLUMN cluster_id BIGINT;

-- The function's search_path is captured from this setting (SET search_path FROM CURRENT), as in
-- migration 15: pg_catalog first, the schema that holds analytics_changes, pg_temp last.
SELECT set_config('search_path', format('%I, pg_temp', n.nspname), true)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = 'analytics_changes'::regclass;

CREATE OR REPLACE FUNCTION analytics_note_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    -- WHEN is looked at as the statement's event is queued: statements queued before the first
    -- call set the mark (a cascade's, or ON CONFLICT DO UPDATE's insert and update) get here too.
    IF current_setting('cocktaildb.analytics_noted', true) IS NOT DISTINCT FROM pg_current_xact_id()::text THEN
        RETURN NULL;
    END IF;
    INSERT INTO analytics_changes (xid, first_table, first_change_at)
    VALUES (pg_current_xact_id(), TG_TABLE_NAME, clock_timestamp());
    -- Transaction-local: undone with the row when a savepoint rolls back.
    PERFORM set_config('cocktaildb.analytics_noted', pg_current_xact_id()::text, true);
    RETURN NULL;
END;
$$;
REVOKE EXECUTE ON FUNCTION analytics_note_change() FROM PUBLIC;

DROP TRIGGER analytics_recipes_changed ON recipes;
DROP TRIGGER analytics_recipes_inserted ON recipes;
DROP TRIGGER analytics_recipes_truncated ON recipes;
CREATE TRIGGER analytics_recipes_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON recipes
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE recipes ENABLE ALWAYS TRIGGER analytics_recipes_changed;

DROP TRIGGER analytics_ingredients_changed ON ingredients;
DROP TRIGGER analytics_ingredients_inserted ON ingredients;
DROP TRIGGER analytics_ingredients_truncated ON ingredients;
CREATE TRIGGER analytics_ingredients_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ingredients
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE ingredients ENABLE ALWAYS TRIGGER analytics_ingredients_changed;

DROP TRIGGER analytics_recipe_ingredients_changed ON recipe_ingredients;
DROP TRIGGER analytics_recipe_ingredients_inserted ON recipe_ingredients;
DROP TRIGGER analytics_recipe_ingredients_truncated ON recipe_ingredients;
CREATE TRIGGER analytics_recipe_ingredients_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON recipe_ingredients
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE recipe_ingredients ENABLE ALWAYS TRIGGER analytics_recipe_ingredients_changed;

DROP TRIGGER analytics_units_changed ON units;
DROP TRIGGER analytics_units_inserted ON units;
DROP TRIGGER analytics_units_truncated ON units;
CREATE TRIGGER analytics_units_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE units ENABLE ALWAYS TRIGGER analytics_units_changed;

DROP TRIGGER analytics_ratings_changed ON ratings;
DROP TRIGGER analytics_ratings_inserted ON ratings;
DROP TRIGGER analytics_ratings_truncated ON ratings;
CREATE TRIGGER analytics_ratings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ratings
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE ratings ENABLE ALWAYS TRIGGER analytics_ratings_changed;

DROP TRIGGER analytics_tags_changed ON tags;
DROP TRIGGER analytics_tags_inserted ON tags;
DROP TRIGGER analytics_tags_truncated ON tags;
CREATE TRIGGER analytics_tags_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tags
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE tags ENABLE ALWAYS TRIGGER analytics_tags_changed;

DROP TRIGGER analytics_recipe_tags_changed ON recipe_tags;
DROP TRIGGER analytics_recipe_tags_inserted ON recipe_tags;
DROP TRIGGER analytics_recipe_tags_truncated ON recipe_tags;
CREATE TRIGGER analytics_recipe_tags_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON recipe_tags
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE recipe_tags ENABLE ALWAYS TRIGGER analytics_recipe_tags_changed;
