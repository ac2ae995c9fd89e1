CREATE TABLE users (id int PRIMARY KEY, name text, email text);
CREATE TABLE orders (id int PRIMARY KEY, user_id int, note text, amount numeric);
CREATE INDEX orders_note_idx ON orders (note);
ALTER TABLE orders ADD CONSTRAINT orders_note_check CHECK (note <> '') NOT VALID;
CREATE VIEW user_names AS SELECT id, name FROM users;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
INSERT INTO users VALUES (1, 'ada', 'ada@example.com');
