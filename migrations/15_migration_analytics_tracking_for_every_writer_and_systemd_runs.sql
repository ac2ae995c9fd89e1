-- Change tracking that works for every writer, and refresh runs that systemd reports on.
--
-- analytics_note_change() now runs as its owner (SECURITY DEFINER) with a pinned search_path:
-- a writer needs no privilege on analytics_changes, and neither its role nor its search_path
-- (a schema of its own, a temporary table named analytics_changes) can change where a notice
-- goes or make a write fail. That is safe because the function takes nothing from the writer:
-- it inserts values it computes itself. pg_catalog is searched first (it is not listed, so
-- PostgreSQL searches it before the path), then the schema that holds analytics_changes, and
-- pg_temp last. docs/analytics-refresh.md has the reasoning.
--
-- analytics_refresh_runs.invocation_id: a run of cocktaildb-analytics.service records its own
-- start and end (the ExecCondition= and ExecStopPost= hooks installed with the unit), keyed by
-- the invocation id systemd gives each run, whoever started it.

ALTER TABLE analytics_refresh_runs ADD COLUMN invocation_id TEXT;

-- The function's search_path is captured from this setting (SET search_path FROM CURRENT);
-- set_config(..., true) lasts until this migration commits.
SELECT set_config('search_path', format('%I, pg_temp', n.nspname), true)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = 'analytics_changes'::regclass;

CREATE OR REPLACE FUNCTION analytics_note_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
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
$$;
