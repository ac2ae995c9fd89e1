namespace CocktailDb.Bench.Soak;

/// <summary>
/// The stand-in analytics job: one database session for its whole life, in which it records
/// the snapshot it reads (and how many other jobs had a session open at that moment), sleeps,
/// and records that it finished, or ends the session and exits with the status it was told to.
/// Its session is its life: a job that is killed (run timeout, or its check killed with it)
/// loses its session within client_connection_check_interval, so "another job is connected"
/// means "another job is alive", whatever its check is doing. Its database settings come from
/// the DB_* variables of the check that starts it; nothing secret is on a command line.
/// </summary>
internal static class AnalyticsJobScript
{
    private const string Text = """
        #!/bin/sh
        # analytics-job.sh TOKEN SLEEP_SECONDS EXIT_STATUS
        export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" PGDATABASE="$DB_NAME" PGCONNECT_TIMEOUT=3
        export PGAPPNAME=soak-job PGOPTIONS="-c client_connection_check_interval=100ms"
        [ "$3" = 0 ] && finish=true || finish=false
        psql -XAtq -v ON_ERROR_STOP=1 -v token="$1" -v sleep="$2" -v finish="$finish" >/dev/null <<'SQL' || exit 70
        INSERT INTO soak_runs (token, snap, others_alive)
            SELECT :'token', pg_current_snapshot(), count(*) FROM pg_stat_activity
            WHERE application_name = 'soak-job' AND pid <> pg_backend_pid()
            RETURNING id \gset
        SELECT pg_sleep(:sleep);
        \if :finish
        UPDATE soak_runs SET finished_at = clock_timestamp(), ok = true WHERE id = :id;
        \endif
        SQL
        exit "$3"
        """;

    public static string WriteTo(string folder)
    {
        var path = Path.Combine(folder, "analytics-job.sh");
        File.WriteAllText(path, Text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
