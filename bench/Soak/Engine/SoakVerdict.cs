using Npgsql;

namespace CocktailDb.Bench.Soak;

/// <summary>One run of the analytics job, in the job's own words: what it read in, whether it finished its work.</summary>
/// <param name="Host">Where it ran.</param>
/// <param name="Invocation">The systemd invocation id of its run.</param>
/// <param name="Snapshot">The snapshot it read the watched tables in (pg_current_snapshot() as text).</param>
/// <param name="OthersAlive">Database sessions of other runs of the job that were open as it read.</param>
/// <param name="Finished">It wrote its end record: it did all its work.</param>
/// <param name="Exit">The exit status it wrote in that record.</param>
public sealed record JobRecord(string Host, string Invocation, string Snapshot, long OthersAlive, bool Finished, int? Exit);

/// <summary>
/// What a soak judges the product by, recorded apart from the product's own bookkeeping, and the
/// verdict. Triggers of the soak's own on the change log keep every row the product inserts
/// (soak_tracked) and deletes (soak_deleted, with the deleting transaction), and every write of a
/// run row (soak_run_writes, with its transaction): a deletion belongs to the run that recorded
/// its success in the same transaction. Writers note each committed change (soak_commits) and
/// each job notes what it read and whether it finished (<see cref="JobRecord"/>). The verdict:
/// (a) every committed change was tracked; (b) every change the product deleted was visible to a
/// run whose job finished its work with exit 0; (c) nothing is left in the log after the drain;
/// (d) there were successful runs and deletions at all; (e) no job found another run's database
/// session open as it started.
/// </summary>
public static class SoakVerdict
{
    /// <summary>Creates (or empties) the soak's audit tables and triggers; the log and the runs start empty.</summary>
    public static async Task PrepareAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            CREATE TABLE IF NOT EXISTS soak_commits (xid XID8 NOT NULL);
            CREATE TABLE IF NOT EXISTS soak_tracked (xid XID8 NOT NULL);
            CREATE TABLE IF NOT EXISTS soak_deleted (xid XID8 NOT NULL, by_xact XID8 NOT NULL);
            CREATE TABLE IF NOT EXISTS soak_run_writes (run_id BIGINT NOT NULL, invocation_id TEXT, result TEXT NOT NULL, by_xact XID8 NOT NULL);
            CREATE TABLE IF NOT EXISTS soak_jobs (host TEXT NOT NULL, invocation TEXT NOT NULL, snapshot TEXT NOT NULL,
                                                  others_alive BIGINT NOT NULL, finished BOOLEAN NOT NULL, exit INT);
            CREATE OR REPLACE FUNCTION soak_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_TABLE_NAME = 'analytics_refresh_runs' THEN
                    INSERT INTO soak_run_writes VALUES (NEW.id, NEW.invocation_id, NEW.result, pg_current_xact_id());
                ELSIF TG_OP = 'INSERT' THEN
                    INSERT INTO soak_tracked VALUES (NEW.xid);
                ELSE
                    INSERT INTO soak_deleted VALUES (OLD.xid, pg_current_xact_id());
                END IF;
                RETURN NULL;
            END;
            $$;
            CREATE OR REPLACE TRIGGER soak_tracked AFTER INSERT ON analytics_changes FOR EACH ROW EXECUTE FUNCTION soak_audit();
            CREATE OR REPLACE TRIGGER soak_deleted AFTER DELETE ON analytics_changes FOR EACH ROW EXECUTE FUNCTION soak_audit();
            CREATE OR REPLACE TRIGGER soak_run_writes AFTER INSERT OR UPDATE ON analytics_refresh_runs FOR EACH ROW EXECUTE FUNCTION soak_audit();
            DELETE FROM analytics_changes;
            DELETE FROM analytics_refresh_runs;
            TRUNCATE soak_commits, soak_tracked, soak_deleted, soak_run_writes, soak_jobs;
            """,
            connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<Verdict> JudgeAsync(NpgsqlConnection connection, IEnumerable<JobRecord> jobs)
    {
        await using (var import = await connection.BeginBinaryImportAsync("COPY soak_jobs (host, invocation, snapshot, others_alive, finished, exit) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var job in jobs)
            {
                await import.StartRowAsync();
                await import.WriteAsync(job.Host, NpgsqlTypes.NpgsqlDbType.Text);
                await import.WriteAsync(job.Invocation, NpgsqlTypes.NpgsqlDbType.Text);
                await import.WriteAsync(job.Snapshot, NpgsqlTypes.NpgsqlDbType.Text);
                await import.WriteAsync(job.OthersAlive, NpgsqlTypes.NpgsqlDbType.Bigint);
                await import.WriteAsync(job.Finished, NpgsqlTypes.NpgsqlDbType.Boolean);
                if (job.Exit is { } exit)
                {
                    await import.WriteAsync(exit, NpgsqlTypes.NpgsqlDbType.Integer);
                }
                else
                {
                    await import.WriteNullAsync();
                }
            }

            await import.CompleteAsync();
        }

        await using var command = new NpgsqlCommand(
            """
            WITH commits AS (SELECT DISTINCT xid FROM soak_commits),
                 succeeded AS (SELECT DISTINCT by_xact, invocation_id FROM soak_run_writes WHERE result = 'succeeded')
            SELECT (SELECT count(*) FROM commits),
                   (SELECT count(*) FROM commits c WHERE NOT EXISTS (SELECT 1 FROM soak_tracked t WHERE t.xid = c.xid)),
                   (SELECT count(*) FROM soak_deleted d
                     WHERE NOT EXISTS (SELECT 1 FROM succeeded s JOIN soak_jobs j ON j.invocation = s.invocation_id
                                       WHERE s.by_xact = d.by_xact AND j.finished AND j.exit = 0
                                         AND pg_visible_in_snapshot(d.xid, j.snapshot::pg_snapshot))),
                   (SELECT count(*) FROM analytics_changes),
                   (SELECT count(*) FROM soak_jobs WHERE others_alive > 0),
                   (SELECT count(DISTINCT run_id) FROM soak_run_writes),
                   (SELECT count(DISTINCT run_id) FROM soak_run_writes WHERE result = 'succeeded'),
                   (SELECT count(*) FROM soak_deleted),
                   (SELECT count(*) FROM soak_jobs),
                   (SELECT count(*) FROM soak_jobs WHERE NOT finished)
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Verdict(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9));
    }

    /// <param name="Changes">Committed changes the writers made.</param>
    /// <param name="Untracked">(a) Committed changes the product never noted.</param>
    /// <param name="Uncovered">(b) Changes the product deleted that no finished job had read.</param>
    /// <param name="LeftInLog">(c) Changes still in the log after the drain.</param>
    /// <param name="Overlapping">(e) Jobs that found another run's database session open as they started.</param>
    public sealed record Verdict(
        long Changes, long Untracked, long Uncovered, long LeftInLog, long Overlapping,
        long Runs, long SucceededRuns, long Deleted, long Jobs, long UnfinishedJobs)
    {
        /// <summary>Committed changes lost: never tracked, or marked done without a finished job having read them.</summary>
        public long Lost => Untracked + Uncovered;

        /// <summary>(d) The soak exercised what it judges.</summary>
        public bool Exercised => SucceededRuns > 0 && Deleted > 0;

        public bool Passed => Lost == 0 && Overlapping == 0 && LeftInLog == 0 && Exercised;

        /// <summary>Why the verdict failed, in one line; empty when it passed.</summary>
        public string Failures => string.Join("; ", new[]
        {
            Untracked > 0 ? $"{Untracked} committed changes never tracked" : null,
            Uncovered > 0 ? $"{Uncovered} changes marked done that no finished job had read" : null,
            LeftInLog > 0 ? $"{LeftInLog} changes still in the log after the drain" : null,
            Overlapping > 0 ? $"{Overlapping} jobs started while another run's database session was open" : null,
            Exercised ? null : $"not exercised: {SucceededRuns} successful runs, {Deleted} changes marked done",
        }.Where(f => f is not null));

        public string Details =>
            $"{Runs} runs ({SucceededRuns} succeeded), {Jobs} jobs started ({UnfinishedJobs} did not finish), {Deleted} changes marked done";
    }
}
