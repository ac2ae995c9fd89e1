using CocktailDb.Bench.Soak;
using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>
/// The fault soak's instrument for "two runs at once": each stand-in job records how many other
/// jobs had a database session open when it read its snapshot. It must see a job that is alive,
/// and must stop seeing one that was killed, or the soak's count would be meaningless.
/// </summary>
[Collection(AnalyticsPostgresCollection.Name)]
public sealed class SoakJobTests(PostgresServer server)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_job_sees_another_job_that_is_alive_and_no_longer_sees_one_killed_with_SIGKILL()
    {
        var database = await SoakDatabase.CreateAsync(new NpgsqlConnectionStringBuilder(server.AdminConnectionString), await OpsBinary.PathAsync());
        var folder = Directory.CreateTempSubdirectory("cocktaildb-soak-job").FullName;
        try
        {
            var job = AnalyticsJobScript.WriteTo(folder);
            using var longRunning = ChildProcess.Start(job, ["long", "60", "0"], database.Environment(), newProcessGroup: true);
            await Poll.UntilAsync(async () => await database.ScalarAsync<long>("SELECT count(*) FROM soak_runs WHERE token = 'long'") == 1, WaitLimit, "the long job to record its start");

            var beside = await ChildProcess.RunAsync(job, ["beside", "0", "0"], database.Environment(), TimeSpan.FromSeconds(30));
            Assert.True(beside.ExitCode == 0, beside.Output);
            Assert.Equal(1, await OthersAliveAsync(database, "beside"));

            ChildProcess.KillGroup(longRunning);
            await longRunning.WaitForExitAsync();
            // The killed job's server session notices within client_connection_check_interval.
            await Poll.UntilAsync(async () => await database.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'soak-job'") == 0, WaitLimit, "the killed job's session to end");

            var after = await ChildProcess.RunAsync(job, ["after", "0", "3"], database.Environment(), TimeSpan.FromSeconds(30));
            Assert.True(after.ExitCode == 3, after.Output);
            Assert.Equal(0, await OthersAliveAsync(database, "after"));
            Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM soak_runs WHERE ok"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<int> OthersAliveAsync(SoakDatabase database, string token) =>
        database.ScalarAsync<int>($"SELECT others_alive FROM soak_runs WHERE token = '{token}'");
}
