-- A table outside search_path: an index lives in its table's schema, wherever the session looks.
CREATE SCHEMA reports;
CREATE TABLE reports.visits (id SERIAL PRIMARY KEY, what TEXT, at TIMESTAMPTZ NOT NULL DEFAULT now());
