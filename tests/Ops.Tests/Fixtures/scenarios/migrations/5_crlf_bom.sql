-- Saved with a byte-order mark and CRLF line ends, as a Windows editor would.
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
INSERT INTO notes VALUES (1, 'semi; colon');
