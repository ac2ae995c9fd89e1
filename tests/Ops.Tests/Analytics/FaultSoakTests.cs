using CocktailDb.Bench.Soak;
using CocktailDb.Ops.Tests.Harness;
using Npgsql;
using Xunit.Abstractions;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>
/// A short run of the analytics fault soak on the child-process path (bench/run.sh soak runs the
/// long one; the systemd path has its own, tests/Ops.Host.Tests/Soak): writers of every kind,
/// three checks as three hosts with jobs that fail, overrun or are killed, dropped connections
/// and a server restart. No committed change may be lost, and no two analytics runs may overlap.
/// </summary>
[Collection(SoakPostgresCollection.Name)]
public sealed class FaultSoakTests(PostgresServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task Random_schedules_of_writers_checkers_and_faults_lose_no_change_and_never_overlap_two_runs()
    {
        var seed = Environment.TickCount;
        var soak = new FaultSoak(
            new SoakOptions(Schedules: 12, Seed: seed, Checkers: 3, RestartEvery: 6) { LongestSchedule = TimeSpan.FromSeconds(2) },
            await OpsBinary.PathAsync(),
            RestartAsync);

        var result = await soak.RunAsync(new NpgsqlConnectionStringBuilder(server.AdminConnectionString), output.WriteLine);

        output.WriteLine($"seed {seed}: {result.Summary}; {result.Details}");

        Assert.True(result.Verdict.Passed, $"seed {seed}: {result.Verdict.Failures}; {result.Details}");
        Assert.True(result.Verdict.Changes > 50 && result.ServerRestarts == 2, $"the soak exercised too little (seed {seed}): {result.Details}");
    }

    /// <summary>docker restart; the published port changes, so ask docker for the new one.</summary>
    private async Task<(string Host, int Port)> RestartAsync()
    {
        var restart = await ProcessRunner.RunAsync("docker", ["restart", "--time", "1", server.ContainerId]);
        Assert.True(restart.ExitCode == 0, restart.ToString());
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var port = await ProcessRunner.RunAsync("docker", ["port", server.ContainerId, "5432/tcp"]);
            if (port.ExitCode == 0 && port.StdOut.Split('\n')[0].Split(':').LastOrDefault() is { Length: > 0 } value
                && int.TryParse(value.Trim(), out var mapped))
            {
                var settings = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Port = mapped, Timeout = 2 };
                try
                {
                    await using var connection = new NpgsqlConnection(settings.ConnectionString);
                    await connection.OpenAsync();
                    return (server.Host, mapped);
                }
                catch (NpgsqlException) when (DateTime.UtcNow < deadline)
                {
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "the server did not come back within a minute of its restart");
            await Task.Delay(200);
        }
    }
}
