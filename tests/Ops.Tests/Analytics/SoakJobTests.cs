using CocktailDb.Bench.Soak;
using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>
/// The child-process soak's instrument for "two runs at once": each stand-in job records how many
/// sessions of other jobs were open when it read its snapshot. It must see a job that is alive,
/// one that was killed while its statement runs on in the database, and no longer one that was
/// killed while it waited, or the soak's count would be meaningless.
/// </summary>
[Collection(AnalyticsPostgresCollection.Name)]
public sealed class SoakJobTests(PostgresServer server)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_job_sees_a_live_job_and_a_killed_jobs_running_statement_but_not_a_job_killed_while_it_waited()
    {
        var database = await SoakDatabase.CreateAsync(new NpgsqlConnectionStringBuilder(server.AdminConnectionString), await OpsBinary.PathAsync());
        var folder = Directory.CreateTempSubdirectory("cocktaildb-soak-job").FullName;
        try
        {
            var job = AnalyticsJobScript.WriteTo(folder);
            Dictionary<string, string?> Run(string invocation) => new(database.Environment()) { ["COCKTAILDB_REFRESH_INVOCATION"] = invocation };
            using var waiting = ChildProcess.Start(job, ["check-1", "0", "60", "0"], Run("waiting"), newProcessGroup: true);
            await Poll.UntilAsync(async () => await RecordedAsync(database, "waiting"), WaitLimit, "the waiting job to record its start");

            var beside = await ChildProcess.RunAsync(job, ["check-2", "0", "0", "0"], Run("beside"), TimeSpan.FromSeconds(30));
            Assert.True(beside.ExitCode == 0, beside.Output);
            Assert.Equal(1, await OthersAliveAsync(database, "beside"));

            ChildProcess.KillGroup(waiting);
            await waiting.WaitForExitAsync();
            // An idle session whose client is gone ends at once.
            await Poll.UntilAsync(async () => await database.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'soak-job'") == 0, WaitLimit, "the killed job's session to end");
            using var inStatement = ChildProcess.Start(job, ["check-1", "5", "0", "0"], Run("in-statement"), newProcessGroup: true);
            await Poll.UntilAsync(async () => await RecordedAsync(database, "in-statement"), WaitLimit, "the job with a statement to record its start");
            ChildProcess.KillGroup(inStatement);
            await inStatement.WaitForExitAsync();

            var after = await ChildProcess.RunAsync(job, ["check-3", "0", "0", "3"], Run("after"), TimeSpan.FromSeconds(30));
            Assert.True(after.ExitCode == 3, after.Output);
            Assert.Equal(1, await OthersAliveAsync(database, "after")); // the statement of the killed job runs on
            Assert.Equal("after 3, beside 0", await database.ScalarAsync<string>("SELECT string_agg(invocation || ' ' || exit, ', ' ORDER BY invocation) FROM soak_jobs WHERE finished"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<bool> RecordedAsync(SoakDatabase database, string invocation) =>
        await database.ScalarAsync<long>($"SELECT count(*) FROM soak_jobs WHERE invocation = '{invocation}'") == 1;

    private static Task<long> OthersAliveAsync(SoakDatabase database, string invocation) =>
        database.ScalarAsync<long>($"SELECT others_alive FROM soak_jobs WHERE invocation = '{invocation}'");
}
