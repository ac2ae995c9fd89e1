-- The preloaded catalogue the pgbench workloads edit: 1000 recipes with 4 ingredients, 1 tag
-- and 3 ratings each. Deterministic (no random()), so every database starts identical.
INSERT INTO units (name, abbreviation, conversion_to_ml)
SELECT 'unit ' || g, 'u' || g, g FROM generate_series(1, 20) g;

INSERT INTO ingredients (name, description)
SELECT 'ingredient ' || g, 'bench ingredient' FROM generate_series(1, 200) g;

INSERT INTO tags (name) SELECT 'tag ' || g FROM generate_series(1, 50) g;

INSERT INTO recipes (name, instructions, description)
SELECT 'recipe ' || g, 'Shake with ice and strain.', 'bench recipe' FROM generate_series(1, 1000) g;

INSERT INTO recipe_ingredients (recipe_id, ingredient_id, unit_id, amount, position)
SELECT r, 1 + (r * 7 + p * 13) % 200, 1 + p, 15 * p, p
FROM generate_series(1, 1000) r, generate_series(1, 4) p;

INSERT INTO recipe_tags (recipe_id, tag_id) SELECT r, 1 + r % 50 FROM generate_series(1, 1000) r;

INSERT INTO ratings (recipe_id, user_id, rating)
SELECT r, 'user-' || u, 1 + (r + u) % 5 FROM generate_series(1, 1000) r, generate_series(1, 3) u;
