-- Must see the session as the run started it.
CREATE TABLE placed (id INTEGER);
INSERT INTO events (what)
SELECT 'session: ' || current_user || ' | ' || current_setting('search_path') || ' | '
    || current_setting('statement_timeout') || ' | ' || current_setting('lock_timeout');
-- Would be cancelled by migration 2's statement_timeout, had it leaked.
SELECT pg_sleep(0.3);
