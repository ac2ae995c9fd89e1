namespace CocktailDb.Bench.Soak;

/// <summary>
/// The stand-in analytics job of the child-process soak, a job like a real one: one database
/// session for its whole life (PostgreSQL's default client_connection_check_interval), in which
/// it records the snapshot it reads and how many sessions of other jobs were open at that moment
/// (soak_jobs, keyed by the refresh's COCKTAILDB_REFRESH_INVOCATION), runs one long statement,
/// waits with the session open, and records that it finished with the status it then exits with.
/// Killed in its statement, its session runs on until the statement ends; killed while it
/// waits, its session ends at once. Its database settings come from the DB_* variables of the
/// check that starts it; nothing secret is on a command line.
/// </summary>
internal static class AnalyticsJobScript
{
    private const string Text = """
        #!/bin/sh
        # analytics-job.sh CHECK STATEMENT_SECONDS WAIT_SECONDS EXIT_STATUS
        export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" PGDATABASE="$DB_NAME" PGCONNECT_TIMEOUT=3
        export PGAPPNAME=soak-job SOAK_WAIT="$3"
        psql -XAtq -v ON_ERROR_STOP=1 -v check="$1" -v invocation="${COCKTAILDB_REFRESH_INVOCATION:?}" -v statement="$2" -v exit_status="$4" >/dev/null <<'SQL' || exit 70
        INSERT INTO soak_jobs (host, invocation, snapshot, others_alive, finished)
            SELECT :'check', :'invocation', pg_current_snapshot()::text, count(*), false FROM pg_stat_activity
            WHERE application_name = 'soak-job' AND pid <> pg_backend_pid();
        SELECT pg_sleep(:statement);
        \! sleep "$SOAK_WAIT"
        UPDATE soak_jobs SET finished = true, exit = :exit_status WHERE invocation = :'invocation';
        SQL
        exit "$4"
        """;

    public static string WriteTo(string folder)
    {
        var path = Path.Combine(folder, "analytics-job.sh");
        File.WriteAllText(path, Text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
