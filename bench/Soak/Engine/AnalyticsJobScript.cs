namespace CocktailDb.Bench.Soak;

/// <summary>
/// The stand-in analytics job: records the snapshot it reads at its start, sleeps, and records
/// that it finished, or exits with the status it was told to. Its database settings come from
/// the DB_* variables of the check that starts it; nothing secret is on a command line.
/// </summary>
internal static class AnalyticsJobScript
{
    private const string Text = """
        #!/bin/sh
        # analytics-job.sh TOKEN SLEEP_SECONDS EXIT_STATUS
        export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" PGDATABASE="$DB_NAME" PGCONNECT_TIMEOUT=3
        id=$(psql -XAtq -v ON_ERROR_STOP=1 -c "INSERT INTO soak_runs (token, snap) VALUES ('$1', pg_current_snapshot()) RETURNING id") || exit 70
        sleep "$2"
        [ "$3" = 0 ] || exit "$3"
        psql -XAtq -v ON_ERROR_STOP=1 -c "UPDATE soak_runs SET finished_at = clock_timestamp(), ok = true WHERE id = $id" >/dev/null || exit 71
        """;

    public static string WriteTo(string folder)
    {
        var path = Path.Combine(folder, "analytics-job.sh");
        File.WriteAllText(path, Text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
