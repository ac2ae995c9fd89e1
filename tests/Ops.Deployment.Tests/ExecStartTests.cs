using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests;

/// <summary>
/// The service's ExecStart= line, taken from the unit file and run as systemd would run it
/// (an argument list, no shell) against a real PostgreSQL. Two paths differ from the host's:
/// the binary is the freshly published one instead of /usr/local/bin/cocktaildb-ops, and the
/// env file is the test database's instead of /opt/cocktaildb/.env. The analytics job is a
/// recording script handed over with --run-command.
/// </summary>
[Collection(DeploymentPostgresCollection.Name)]
public sealed class ExecStartTests(PostgresServer server)
{
    private const string InstalledBinary = "/usr/local/bin/cocktaildb-ops";
    private const string InstalledEnvFile = "/opt/cocktaildb/.env";

    [Fact]
    public async Task The_services_command_line_runs_a_tick_that_starts_nothing_without_edits()
    {
        using var temp = new TempDirectory();
        var (_, binary, envFile) = await MigratedDatabaseAsync(temp);

        var tick = await RunExecStartAsync(temp, binary, envFile);

        Assert.True(tick.ExitCode == 0, tick.ToString());
        Assert.False(File.Exists(temp.File("runs.log")), "the analytics job was started although nothing changed");
    }

    [Fact]
    public async Task The_services_command_line_starts_the_analytics_job_once_edits_have_gone_quiet()
    {
        using var temp = new TempDirectory();
        var (database, binary, envFile) = await MigratedDatabaseAsync(temp);
        await database.ExecuteAsync("INSERT INTO tags (name) VALUES ('sour')");

        // The host's quiet period is 15 minutes; a second is as good a test of the command line.
        // The first tick sees the change and starts the quiet period; a later one runs the job,
        // as the timer's next ticks would.
        var first = await RunExecStartAsync(temp, binary, envFile, "--quiet-period", "1s");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("waiting: 1 unprocessed change", first.StdOut);
        Assert.False(File.Exists(temp.File("runs.log")));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var tick = await RunExecStartAsync(temp, binary, envFile, "--quiet-period", "1s");

        Assert.True(tick.ExitCode == 0, tick.ToString());
        Assert.Single(File.ReadAllLines(temp.File("runs.log")));
    }

    /// <summary>A new database, migrated by the binary with the env file the unit will read.</summary>
    private async Task<(TestDatabase Database, string Binary, string EnvFile)> MigratedDatabaseAsync(TempDirectory temp)
    {
        var database = await server.CreateDatabaseAsync();
        var binary = await OpsBinary.EnsurePublishedAsync(OpsBinary.CurrentRid);
        var envFile = temp.Write(".env", string.Concat(database.Environment().Select(v => $"{v.Key}={v.Value}\n")));

        var migrate = await ProcessRunner.RunAsync(binary, ["migrate", "--env-file", envFile], timeout: TimeSpan.FromMinutes(2));
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        return (database, binary, envFile);
    }

    /// <summary>ExecStart= with the host paths swapped for the test's and a recording analytics job.</summary>
    private static async Task<ProcessResult> RunExecStartAsync(TempDirectory temp, string binary, string envFile, params string[] extra)
    {
        var arguments = UnitFile.Load(RepositoryFiles.DebounceService).ExecStartArguments().ToList();
        Assert.Equal(InstalledBinary, arguments[0]);
        var envFlag = arguments.IndexOf("--env-file");
        Assert.True(envFlag > 0 && arguments[envFlag + 1] == InstalledEnvFile, "ExecStart must read " + InstalledEnvFile);
        arguments[envFlag + 1] = envFile;

        // Stands in for `systemctl start cocktaildb-analytics.service`: records the call, succeeds.
        var job = temp.Write(
            "analytics-job.sh",
            $"#!/bin/sh\necho \"started $*\" >> '{temp.File("runs.log")}'\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        return await ProcessRunner.RunAsync(
            binary,
            [.. arguments.Skip(1), "--run-command", job, .. extra],
            timeout: TimeSpan.FromMinutes(2));
    }
}
