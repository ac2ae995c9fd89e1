-- Changes its session the way a migration may for its own statements. None of it may reach
-- migration 3, and the ledger row must still be written as the user that logged in.
CREATE SCHEMA side;
SET search_path = side, public;
SET statement_timeout = '100ms';
SET lock_timeout = '1ms';
SET ROLE pg_monitor;
