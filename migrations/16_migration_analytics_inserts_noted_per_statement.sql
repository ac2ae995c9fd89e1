-- Bulk loads keep PostgreSQL's batched COPY: inserts into the watched tables are noted once per
-- statement instead of by a row trigger.
--
-- PostgreSQL inserts COPY's rows in batches unless the table has a BEFORE (or INSTEAD OF) row
-- trigger on INSERT, which might read the table between rows; then it inserts them one at a
-- time. 14's BEFORE INSERT OR UPDATE OR DELETE row triggers made a 100k-row COPY into recipes
-- about 12% slower than with no tracking (docs/benchmarks.md). An AFTER INSERT statement trigger
-- notes the same transaction, with the same WHEN flag and function, and costs COPY nothing per
-- row. It fires even for an INSERT that adds no row (INSERT ... SELECT of nothing, ON CONFLICT
-- DO NOTHING on a conflict): at worst a refresh too many, never a change missed. Updates and
-- deletes keep their row triggers, so one that matches no row still notes nothing.
--
-- SHARE ROW EXCLUSIVE on all seven tables first, in one statement, is the lock each trigger
-- change below takes anyway: writers wait until this commits (readers do not), no writer's
-- change falls between the old triggers and the new ones, and the lock is never upgraded
-- half-way through the tables. lock_timeout counts for each table in turn, and the tables
-- already locked hold their writers meanwhile: a seventh of it each keeps the whole wait within
-- the migration's lock timeout.
SELECT set_config('cocktaildb.migration_lock_timeout', current_setting('lock_timeout'), true),
       set_config('lock_timeout', CASE WHEN setting::bigint = 0 THEN '0' ELSE greatest(1, setting::bigint / 7)::text END, true)
FROM pg_settings WHERE name = 'lock_timeout';
LOCK TABLE recipes, ingredients, recipe_ingredients, units, ratings, tags, recipe_tags
    IN SHARE ROW EXCLUSIVE MODE;
SELECT set_config('lock_timeout', current_setting('cocktaildb.migration_lock_timeout'), true);

CREATE OR REPLACE TRIGGER analytics_recipes_changed BEFORE UPDATE OR DELETE ON recipes
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipes_inserted AFTER INSERT ON recipes
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE OR REPLACE TRIGGER analytics_ingredients_changed BEFORE UPDATE OR DELETE ON ingredients
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_ingredients_inserted AFTER INSERT ON ingredients
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE OR REPLACE TRIGGER analytics_recipe_ingredients_changed BEFORE UPDATE OR DELETE ON recipe_ingredients
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipe_ingredients_inserted AFTER INSERT ON recipe_ingredients
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE OR REPLACE TRIGGER analytics_units_changed BEFORE UPDATE OR DELETE ON units
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_units_inserted AFTER INSERT ON units
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE OR REPLACE TRIGGER analytics_ratings_changed BEFORE UPDATE OR DELETE ON ratings
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_ratings_inserted AFTER INSERT ON ratings
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE OR REPLACE TRIGGER analytics_tags_changed BEFORE UPDATE OR DELETE ON tags
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_tags_inserted AFTER INSERT ON tags
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();

CREATE OR REPLACE TRIGGER analytics_recipe_tags_changed BEFORE UPDATE OR DELETE ON recipe_tags
FOR EACH ROW WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
CREATE TRIGGER analytics_recipe_tags_inserted AFTER INSERT ON recipe_tags
FOR EACH STATEMENT WHEN (current_setting('cocktaildb.analytics_noted', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION analytics_note_change();
