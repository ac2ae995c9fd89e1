-- Change tracking for the analytics refresh, replacing migration 09's single-row flag.
--
-- 09 had every writing transaction update one row (id = 1) until commit: writers of the seven
-- watched tables waited for each other, could deadlock, failed under REPEATABLE READ, and a
-- transaction that committed after a refresh began was never refreshed. Here each writing
-- transaction inserts one row of its own into analytics_changes (no shared row, so no writer
-- waits for another), keyed by its transaction id. A refresh records the snapshot it covers
-- and afterwards deletes exactly the changes visible in that snapshot; anything committed
-- later stays and causes the next refresh. docs/analytics-refresh.md explains the design.

CREATE TABLE analytics_changes (
    -- The writing transaction (top level, also from inside a savepoint).
    xid             XID8 PRIMARY KEY,
    first_table     TEXT NOT NULL,
    first_change_at TIMESTAMPTZ NOT NULL,
    -- Set just before the transaction commits (a deferred trigger): the quiet period counts from here.
    committed_at    TIMESTAMPTZ
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

CREATE FUNCTION analytics_note_change()
RETURNS trigger AS $$
BEGIN
    -- One row per writing transaction; the flag is transaction-local and is undone together
    -- with the row when a savepoint rolls back.
    IF current_setting('cocktaildb.analytics_noted', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'TRUNCATE' THEN
        -- A statement that changed no rows is not a change.
        IF NOT EXISTS (SELECT 1 FROM changed_rows) THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO analytics_changes (xid, first_table, first_change_at)
    VALUES (pg_current_xact_id(), TG_TABLE_NAME, clock_timestamp())
    ON CONFLICT (xid) DO NOTHING;
    PERFORM set_config('cocktaildb.analytics_noted', 'on', true);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION analytics_note_commit()
RETURNS trigger AS $$
BEGIN
    UPDATE analytics_changes SET committed_at = clock_timestamp() WHERE xid = NEW.xid;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER analytics_changes_committed
AFTER INSERT ON analytics_changes
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION analytics_note_commit();

-- A change 09 flagged that no refresh has covered yet is carried over, so the switch loses
-- nothing: it commits with this migration and is covered by the next refresh.
INSERT INTO analytics_changes (xid, first_table, first_change_at)
SELECT pg_current_xact_id(), 'analytics_refresh_state', dirty_at
FROM analytics_refresh_state
WHERE id = 1 AND dirty_at IS NOT NULL AND (last_run_at IS NULL OR last_run_at < dirty_at);

DROP TRIGGER analytics_recipes_dirty ON recipes;
DROP TRIGGER analytics_ingredients_dirty ON ingredients;
DROP TRIGGER analytics_recipe_ingredients_dirty ON recipe_ingredients;
DROP TRIGGER analytics_units_dirty ON units;
DROP TRIGGER analytics_ratings_dirty ON ratings;
DROP TRIGGER analytics_tags_dirty ON tags;
DROP TRIGGER analytics_recipe_tags_dirty ON recipe_tags;
DROP FUNCTION mark_analytics_dirty();
DROP TABLE analytics_refresh_state;

CREATE TRIGGER analytics_recipes_inserted AFTER INSERT ON recipes
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipes_updated AFTER UPDATE ON recipes
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipes_deleted AFTER DELETE ON recipes
REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipes_truncated AFTER TRUNCATE ON recipes
FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_ingredients_inserted AFTER INSERT ON ingredients
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_ingredients_updated AFTER UPDATE ON ingredients
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_ingredients_deleted AFTER DELETE ON ingredients
REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_ingredients_truncated AFTER TRUNCATE ON ingredients
FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_recipe_ingredients_inserted AFTER INSERT ON recipe_ingredients
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipe_ingredients_updated AFTER UPDATE ON recipe_ingredients
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipe_ingredients_deleted AFTER DELETE ON recipe_ingredients
REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipe_ingredients_truncated AFTER TRUNCATE ON recipe_ingredients
FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_units_inserted AFTER INSERT ON units
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_units_updated AFTER UPDATE ON units
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_units_deleted AFTER DELETE ON units
REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_units_truncated AFTER TRUNCATE ON units
FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_ratings_inserted AFTER INSERT ON ratings
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_ratings_updated AFTER UPDATE ON ratings
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_ratings_deleted AFTER DELETE ON ratings
REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_ratings_truncated AFTER TRUNCATE ON ratings
FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_tags_inserted AFTER INSERT ON tags
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_tags_updated AFTER UPDATE ON tags
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_tags_deleted AFTER DELETE ON tags
REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_tags_truncated AFTER TRUNCATE ON tags
FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();

CREATE TRIGGER analytics_recipe_tags_inserted AFTER INSERT ON recipe_tags
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipe_tags_updated AFTER UPDATE ON recipe_tags
REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipe_tags_deleted AFTER DELETE ON recipe_tags
REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipe_tags_truncated AFTER TRUNCATE ON recipe_tags
FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change();

-- Migration 09's table, kept readable as a view: dirty_at is the last commit not yet covered
-- by a refresh (NULL when there is none), last_run_at the start of the last successful refresh.
CREATE VIEW analytics_refresh_state AS
SELECT 1 AS id,
       (SELECT max(coalesce(c.committed_at, c.first_change_at)) FROM analytics_changes c)::timestamp AS dirty_at,
       (SELECT max(r.started_at) FROM analytics_refresh_runs r WHERE r.result = 'succeeded')::timestamp AS last_run_at;
