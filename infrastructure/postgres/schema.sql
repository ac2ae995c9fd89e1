-- schema-version: 17
-- CocktailDB: the complete schema for a fresh install.
--
-- cocktaildb-ops loads this file into an empty database and records every embedded migration
-- up to the version above as baselined, then applies the later ones. Keep it equal to what
-- the migrations produce (a test compares the two catalogs) and raise the version with them.

-- Core catalogue -------------------------------------------------------------------------

CREATE TABLE units (
    id              SERIAL PRIMARY KEY,
    name            TEXT NOT NULL,
    abbreviation    TEXT,
    conversion_to_ml NUMERIC(12, 4) CHECK (conversion_to_ml IS NULL OR conversion_to_ml > 0),
    CONSTRAINT units_name_key UNIQUE (name)
);

CREATE TABLE ingredients (
    id          SERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT,
    parent_id   INTEGER REFERENCES ingredients (id) ON DELETE SET NULL,
    path        TEXT,
    allow_substitution BOOLEAN NOT NULL DEFAULT FALSE,
    created_by  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ingredients_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);
-- Names are unique regardless of case ("Gin" and "gin" are one ingredient).
CREATE UNIQUE INDEX ingredients_name_lower_key ON ingredients (lower(name));
CREATE INDEX ingredients_parent_id_idx ON ingredients (parent_id);
CREATE INDEX ingredients_path_idx ON ingredients (path text_pattern_ops);

CREATE TABLE recipes (
    id           SERIAL PRIMARY KEY,
    name         TEXT NOT NULL,
    instructions TEXT,
    description  TEXT,
    image_url    TEXT,
    source       TEXT,
    source_url   TEXT,
    avg_rating   NUMERIC(3, 2) NOT NULL DEFAULT 0,
    rating_count INTEGER NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
    created_by   TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX recipes_name_lower_idx ON recipes (lower(name));
CREATE INDEX recipes_created_by_idx ON recipes (created_by);

CREATE TABLE recipe_ingredients (
    id            SERIAL PRIMARY KEY,
    recipe_id     INTEGER NOT NULL REFERENCES recipes (id) ON DELETE CASCADE,
    ingredient_id INTEGER NOT NULL REFERENCES ingredients (id) ON DELETE RESTRICT,
    unit_id       INTEGER REFERENCES units (id) ON DELETE SET NULL,
    amount        NUMERIC(10, 3) CHECK (amount IS NULL OR amount >= 0),
    position      SMALLINT NOT NULL DEFAULT 0
);
CREATE INDEX recipe_ingredients_recipe_id_idx ON recipe_ingredients (recipe_id);
CREATE INDEX recipe_ingredients_ingredient_id_idx ON recipe_ingredients (ingredient_id);

CREATE TABLE ratings (
    id         SERIAL PRIMARY KEY,
    recipe_id  INTEGER NOT NULL REFERENCES recipes (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL,
    rating     SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ratings_recipe_user_key UNIQUE (recipe_id, user_id)
);
CREATE INDEX ratings_user_id_idx ON ratings (user_id);

CREATE TABLE tags (
    id         SERIAL PRIMARY KEY,
    name       TEXT NOT NULL,
    is_private BOOLEAN NOT NULL DEFAULT FALSE,
    created_by TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Public tag names are unique; private tags are unique per owner.
CREATE UNIQUE INDEX tags_public_name_key ON tags (lower(name)) WHERE NOT is_private;
CREATE UNIQUE INDEX tags_private_name_key ON tags (created_by, lower(name)) WHERE is_private;

CREATE TABLE recipe_tags (
    recipe_id INTEGER NOT NULL REFERENCES recipes (id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (recipe_id, tag_id)
);
CREATE INDEX recipe_tags_tag_id_idx ON recipe_tags (tag_id);

-- A user's bar: the ingredients they have at home. Not watched by analytics.
CREATE TABLE user_ingredients (
    user_id       TEXT NOT NULL,
    ingredient_id INTEGER NOT NULL REFERENCES ingredients (id) ON DELETE CASCADE,
    added_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, ingredient_id)
);
CREATE INDEX user_ingredients_ingredient_id_idx ON user_ingredients (ingredient_id);

-- Analytics change tracking (migrations 09, 14, 15, 16 and 17) ---------------------------
-- The test that compares this file with the migrations reads the core schema above this line.

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
-- No key, so the whole row identifies it to a publication (FOR ALL TABLES would otherwise make
-- every refresh fail at its DELETE).
ALTER TABLE analytics_changes REPLICA IDENTITY FULL;

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
    detail           TEXT,
    -- The systemd invocation of cocktaildb-analytics.service that runs this refresh, if any.
    invocation_id    TEXT,
    -- The cluster it was claimed in (pg_control_system().system_identifier): a row restored from
    -- another cluster's dump carries that cluster's snapshot and never marks a change done here.
    cluster_id       BIGINT
);
-- At most one refresh runs at a time, across all hosts.
CREATE UNIQUE INDEX analytics_refresh_runs_one_running ON analytics_refresh_runs ((true)) WHERE result = 'running';
CREATE INDEX analytics_refresh_runs_finished_idx ON analytics_refresh_runs (finished_at);

-- One row per writing transaction (migration 17). The function marks the transaction with its
-- own id in 'cocktaildb.analytics_noted' (transaction-local, undone with the row when a savepoint
-- rolls back); the triggers' WHEN clause skips it while the mark is this transaction's id, which
-- no session or ALTER ROLE ... SET can preset. It runs as its owner with a pinned search_path
-- (pg_catalog first, then this schema, pg_temp last), so any writer role with any search_path is
-- tracked the same way (migration 15), and only its owner may execute it.
SELECT set_config('search_path', format('%I, pg_temp', current_schema()), true);
CREATE FUNCTION analytics_note_change()
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

-- A statement trigger: no per-row cost for bulk writes (COPY keeps inserting in batches, a bulk
-- UPDATE or DELETE locks no row for it), and after the first statement of a transaction one
-- setting lookup per statement. A statement that changes no row is noted too: at worst one
-- refresh too many. ALWAYS: also for writes made with session_replication_role = replica.
CREATE TRIGGER analytics_recipes_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON recipes
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE recipes ENABLE ALWAYS TRIGGER analytics_recipes_changed;
CREATE TRIGGER analytics_ingredients_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ingredients
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE ingredients ENABLE ALWAYS TRIGGER analytics_ingredients_changed;
CREATE TRIGGER analytics_recipe_ingredients_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON recipe_ingredients
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE recipe_ingredients ENABLE ALWAYS TRIGGER analytics_recipe_ingredients_changed;
CREATE TRIGGER analytics_units_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE units ENABLE ALWAYS TRIGGER analytics_units_changed;
CREATE TRIGGER analytics_ratings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ratings
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE ratings ENABLE ALWAYS TRIGGER analytics_ratings_changed;
CREATE TRIGGER analytics_tags_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tags
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE tags ENABLE ALWAYS TRIGGER analytics_tags_changed;
CREATE TRIGGER analytics_recipe_tags_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON recipe_tags
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM pg_current_xact_id()::text)
EXECUTE FUNCTION analytics_note_change();
ALTER TABLE recipe_tags ENABLE ALWAYS TRIGGER analytics_recipe_tags_changed;

-- Migration 09's table, kept readable as a view: dirty_at is the last change not yet covered
-- by a refresh (NULL when there is none), last_run_at the start of the last successful refresh.
CREATE VIEW analytics_refresh_state AS
SELECT 1 AS id,
       (SELECT max(coalesce(c.seen_at, c.first_change_at)) FROM analytics_changes c)::timestamp AS dirty_at,
       (SELECT max(r.started_at) FROM analytics_refresh_runs r WHERE r.result = 'succeeded')::timestamp AS last_run_at;
