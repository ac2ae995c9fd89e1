using CocktailDb.Ops.Host.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Host.Tests;

/// <summary>What the deployed host's logs and process table show an operator, and what they must never show.</summary>
[Collection(DeployedHostCollection.Name)]
public sealed class JournalAndSecretTests(DeployedHost host)
{
    private const string Sampler = "host-tests-argv-sampler";
    private const string Samples = "/root/argv-samples";

    [Fact]
    public async Task A_check_that_cannot_reach_PostgreSQL_is_among_the_units_errors_in_the_journal()
    {
        var since = DateTimeOffset.UtcNow;
        await host.Units.SystemctlAsync("stop", "postgresql.service");
        try
        {
            // One check, started as the timer starts it.
            var tick = await host.Units.SystemctlAsync("start", FastDebounce.Service);
            Assert.NotEqual(0, tick.ExitCode);

            var state = await host.Units.ShowAsync(FastDebounce.Service, "Result", "ExecMainStatus");
            Assert.Equal("exit-code", state.Result);
            Assert.Equal("5", state["ExecMainStatus"]);

            // journalctl -u cocktaildb-analytics-debounce -p err: systemd's record of the failed
            // check, and the check's own line saying why, both at priority err or worse.
            var errors = await host.Journal.ReadAsync("-u", FastDebounce.Service, "-p", "err", "--since", HostJournal.Since(since));
            Assert.Contains(errors, e => e.Unit == FastDebounce.Service && e.Field("JOB_RESULT") == "failed");
            Assert.Contains(errors, e => e.SystemdUnit == FastDebounce.Service);
        }
        finally
        {
            await host.Units.SystemctlAsync("start", "postgresql.service");
        }

        var recovered = await host.Units.SystemctlAsync("start", FastDebounce.Service);
        Assert.True(recovered.ExitCode == 0, recovered.ToString());
    }

    [Fact]
    public async Task The_database_password_is_in_no_journal_entry_no_process_argument_list_and_no_ansible_output()
    {
        // The secret is where it belongs, so its absence elsewhere means something.
        Assert.Contains(host.Database.PasswordCore, await host.Shell.RootCheckedAsync($"cat {HostDatabase.EnvFile}"));

        await host.StandIn.SetKnobsAsync(duration: TimeSpan.FromSeconds(3));
        string argv;
        try
        {
            await using (await FastDebounce.InstallAsync(host, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)))
            {
                // Every process's argv, ten times a second, while an edit goes through checks and a
                // 3 s refresh: a transient unit samples until the refresh has finished.
                var before = (await host.StandIn.RunsAsync()).Count;
                await host.Shell.RootCheckedAsync(
                    $"systemd-run --quiet --unit={Sampler} bash -c 'while :; do ps -e -ww -o args= >> {Samples}; sleep 0.1; done'");
                try
                {
                    await using (var api = await host.Database.OpenAsApiAsync(host.Container.PostgresPort))
                    {
                        await using var edit = new NpgsqlCommand("INSERT INTO units (name) VALUES ('secret-check-' || gen_random_uuid())", api);
                        await edit.ExecuteNonQueryAsync();
                    }

                    await host.StandIn.WaitForFinishedRunAsync(before, TimeSpan.FromMinutes(1));
                }
                finally
                {
                    argv = await host.Shell.RootCheckedAsync($"systemctl stop {Sampler}; cat {Samples}; rm -f {Samples}");
                }

                await OpsOnHost.WaitUntilSettledAsync(host, TimeSpan.FromMinutes(1));
            }
        }
        finally
        {
            await host.StandIn.ResetKnobsAsync();
        }

        Assert.Contains("cocktaildb-analytics-standin", argv);
        Assert.DoesNotContain(host.Database.PasswordCore, argv);

        // Every field of every journal entry since the host first booted, among them the command
        // line (_CMDLINE) of every process that logged: the checks' and the refresh hooks' too.
        var journal = await host.Journal.ReadAsync();
        Assert.Contains(journal, e => e.SystemdUnit == FastDebounce.Service && e.Field("_CMDLINE") is { } cmdline && cmdline.Contains("cocktaildb-ops debounce", StringComparison.Ordinal));
        Assert.DoesNotContain(journal, e => e.Raw.Contains(host.Database.PasswordCore, StringComparison.Ordinal));

        // Ansible: the first deploy, and a migrate-only one at -v (task results printed in full).
        var verbose = await HostDeployment.DeployAsync(host, "--tags", "migrate", "-v");
        Assert.True(verbose.ExitCode == 0, verbose.ToString());
        Assert.DoesNotContain(host.Database.PasswordCore, host.FirstDeploy.Output);
        Assert.DoesNotContain(host.Database.PasswordCore, verbose.Output);
    }
}
