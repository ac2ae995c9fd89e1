-- schema-version: 9
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

-- Analytics refresh state (migration 09) ---------------------------------------------------

CREATE TABLE analytics_refresh_state (
    id INTEGER PRIMARY KEY,
    dirty_at TIMESTAMP,
    last_run_at TIMESTAMP
);

INSERT INTO analytics_refresh_state (id, dirty_at, last_run_at)
VALUES (1, NULL, NULL);

CREATE FUNCTION mark_analytics_dirty()
RETURNS trigger AS $$
BEGIN
    UPDATE analytics_refresh_state
    SET dirty_at = CURRENT_TIMESTAMP
    WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER analytics_recipes_dirty
AFTER INSERT OR UPDATE OR DELETE ON recipes
FOR EACH STATEMENT EXECUTE FUNCTION mark_analytics_dirty();

CREATE TRIGGER analytics_ingredients_dirty
AFTER INSERT OR UPDATE OR DELETE ON ingredients
FOR EACH STATEMENT EXECUTE FUNCTION mark_analytics_dirty();

CREATE TRIGGER analytics_recipe_ingredients_dirty
AFTER INSERT OR UPDATE OR DELETE ON recipe_ingredients
FOR EACH STATEMENT EXECUTE FUNCTION mark_analytics_dirty();

CREATE TRIGGER analytics_units_dirty
AFTER INSERT OR UPDATE OR DELETE ON units
FOR EACH STATEMENT EXECUTE FUNCTION mark_analytics_dirty();

CREATE TRIGGER analytics_ratings_dirty
AFTER INSERT OR UPDATE OR DELETE ON ratings
FOR EACH STATEMENT EXECUTE FUNCTION mark_analytics_dirty();

CREATE TRIGGER analytics_tags_dirty
AFTER INSERT OR UPDATE OR DELETE ON tags
FOR EACH STATEMENT EXECUTE FUNCTION mark_analytics_dirty();

CREATE TRIGGER analytics_recipe_tags_dirty
AFTER INSERT OR UPDATE OR DELETE ON recipe_tags
FOR EACH STATEMENT EXECUTE FUNCTION mark_analytics_dirty();
