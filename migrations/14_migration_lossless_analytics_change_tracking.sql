-- Change tracking for the analytics refresh, replacing migration 09's single-row flag.
--
-- 09 had every writing transaction update one row (id = 1) until commit: writers of the seven
-- watched tables waited for each other, could deadlock, failed under REPEATABLE READ, and a
-- transaction that committed after a refresh began was never refreshed. Here each writing
-- transaction inserts one row of its own into analytics_changes (no shared row, so no writer
-- waits for another), holding its transaction id. A refresh records the snapshot it covers
-- and afterwards deletes exactly the changes visible in that snapshot; anything committed
-- later stays and causes the next refresh. docs/analytics-refresh.md explains the design.

CREATE TABLE analytics_changes (
    -- The writing transaction (top level, also from inside a savepoint). No key on purpose:
    -- every writing transaction inserts here, and an index would be one more write for each;
    -- a duplicate notice would only mean the same change is refreshed once, as it should be.
    xid             XID8 NOT NULL,
    first_table     TEXT NOT NULL,
    first_change_at TIMESTAMPTZ NOT NULL,
    -- When a debounce check first saw the change committed; the quiet period counts from here.
    seen_at         TIMESTAMPTZ
);

CREATE TABLE analytics_refresh_runs (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claimed_by       TEXT NOT NULL,
    claimed_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A checker that died stops blocking refreshes after this (longer than its run timeout).
    claim_expires_at TIMESTAMPTZ NOT NULL,
    -- Taken before the job starts: every change visible in it is covered by this refresh.
    covers           PG_SNAPSHOT,
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    result           TEXT NOT NULL DEFAULT 'running'
                     CHECK (result IN ('running', 'succeeded', 'failed', 'expired', 'skipped')),
    exit_code        INTEGER,
    detail           TEXT
);
-- At most one refresh runs at a time, across all hosts.
CREATE UNIQUE INDEX analytics_refresh_runs_one_running ON analytics_refresh_runs ((true)) WHERE result = 'running';
CREATE INDEX analytics_refresh_runs_finished_idx ON analytics_refresh_runs (finished_at);

-- Called through the triggers below only while the transaction has recorded nothing yet
-- (their WHEN clause): one row per writing transaction. The flag is transaction-local and is
-- undone, together with the row, when a savepoint rolls back.
CREATE FUNCTION analytics_note_change()
RETURNS trigger AS $$
BEGIN
    INSERT INTO analytics_changes (xid, first_table, first_change_at)
    VALUES (pg_current_xact_id(), TG_TABLE_NAME, clock_timestamp());
    PERFORM set_config('cocktaildb.analytics_noted', 'on', true);
    IF TG_LEVEL = 'STATEMENT' THEN
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- From here until this migration commits no write to the watched tables can commit. Without
-- this lock a writer could fire 09's trigger, commit after the carry-over below has read 09's
-- flag and before its trigger is dropped, and its change would be dropped with
-- analytics_refresh_state. ACCESS EXCLUSIVE is what the DROP TRIGGERs below take anyway:
-- taking it for all eight tables at once, first, means it is never upgraded half-way (an
-- upgrade can deadlock with a reader that goes on to write). lock_timeout counts for each table
-- in turn, and the tables already locked block every query meanwhile: an eighth of it each
-- keeps the whole wait within the migration's lock timeout (the migration is retried whole
-- after a timeout).
SELECT set_config('cocktaildb.migration_lock_timeout', current_setting('lock_timeout'), true),
       set_config('lock_timeout', CASE WHEN setting::bigint = 0 THEN '0' ELSE greatest(1, setting::bigint / 8)::text END, true)
FROM pg_settings WHERE name = 'lock_timeout';
LOCK TABLE recipes, ingredients, recipe_ingredients, units, ratings, tags, recipe_tags, analytics_refresh_state
    IN ACCESS EXCLUSIVE MODE;
SELECT set_config('lock_timeout', current_setting('cocktaildb.migration_lock_timeout'), true);

-- One change is carried over whatever 09's row says, so the switch loses nothing: it commits
-- with this migration and is covered by the next refresh. 09's flags cannot be trusted to say
-- whether anything is left: its script set last_run_at when the job had finished, so an edit
-- made while the last 09-era job ran has dirty_at < last_run_at and looks covered although that
-- job never saw it. The cost is at most one refresh too many.
INSERT INTO analytics_changes (xid, first_table, first_change_at)
SELECT pg_current_xact_id(), 'analytics_refresh_state', coalesce(max(dirty_at), clock_timestamp())
FROM analytics_refresh_state;

DROP TRIGGER analytics_recipes_dirty ON recipes;
DROP TRIGGER analytics_ingredients_dirty ON ingredients;
DROP TRIGGER analytics_recipe_ingredients_dirty ON recipe_ingredients;
DROP TRIGGER analytics_units_dirty ON units;
DROP TRIGGER analytics_ratings_dirty ON ratings;
DROP TRIGGER analytics_tags_dirty ON tags;
DROP TRIGGER analytics_recipe_tags_dirty ON recipe_tags;
DROP FUNCTION mark_analytics_dirty();
-- cocktaildb:allow CDB0109 because the view analytics_refresh_state created at the end of this file, in the same
-- transaction, gives readers the same name and 09's columns; its only writer was the seed's debounce script,
-- which the release carrying this migration replaces with cocktaildb-ops debounce.
DROP TABLE analytics_refresh_state;

-- A row trigger, so a statement that changes no row records nothing; after the first row of a
-- transaction its WHEN clause is false and costs one setting lookup per row, no function call.
CREATE TRIGGER analytics_recipes_changed BEFORE INSERT OR UPDATE OR DELETE ON recipes
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipes_truncated AFTER TRUNCATE ON recipes
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_ingredients_changed BEFORE INSERT OR UPDATE OR DELETE ON ingredients
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_ingredients_truncated AFTER TRUNCATE ON ingredients
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_recipe_ingredients_changed BEFORE INSERT OR UPDATE OR DELETE ON recipe_ingredients
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipe_ingredients_truncated AFTER TRUNCATE ON recipe_ingredients
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_units_changed BEFORE INSERT OR UPDATE OR DELETE ON units
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_units_truncated AFTER TRUNCATE ON units
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_ratings_changed BEFORE INSERT OR UPDATE OR DELETE ON ratings
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_ratings_truncated AFTER TRUNCATE ON ratings
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_tags_changed BEFORE INSERT OR UPDATE OR DELETE ON tags
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_tags_truncated AFTER TRUNCATE ON tags
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_recipe_tags_changed BEFORE INSERT OR UPDATE OR DELETE ON recipe_tags
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipe_tags_truncated AFTER TRUNCATE ON recipe_tags
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

-- Migration 09's table, kept readable as a view: dirty_at is the last change not yet covered
-- by a refresh (NULL when there is none), last_run_at the start of the last successful refresh.
CREATE VIEW analytics_refresh_state AS
SELECT 1 AS id,
       (SELECT max(coalesce(c.seen_at, c.first_change_at)) FROM analytics_changes c)::timestamp AS dirty_at,
       (SELECT max(r.started_at) FROM analytics_refresh_runs r WHERE r.result = 'succeeded')::timestamp AS last_run_at;
