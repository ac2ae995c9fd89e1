using System.Text.RegularExpressions;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Host.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Host.Tests;

/// <summary>
/// `dotnet build -t:Migrate -p:Env=dev` against a deployed host with real ssh, scp and sudo. The
/// binary it publishes embeds one migration more than the repository has, so there is something
/// new to apply; the host reads it, as always, with the settings in its own .env.
/// </summary>
[Collection(MigrateTargetHostCollection.Name)]
public sealed partial class MigrateTargetTests(DeployedHost host)
{
    private const string NewMigration = "90_migration_host_check.sql";

    [Fact]
    public async Task Migrate_on_dev_applies_the_new_migration_on_the_host_as_the_service_account_and_removes_its_copy()
    {
        var since = DateTimeOffset.UtcNow;

        var build = await MigrateTarget.RunAsync(host, host.Ssh.ConfigFile, MigrationsWithOneMore.Directory);

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain(host.Database.PasswordCore, build.Output);
        Assert.Contains(NewMigration, await LedgerAsync());
        Assert.True(await ScalarAsync<bool>("SELECT to_regclass('host_check') IS NOT NULL"), "the new migration's table is missing");

        // sudo ran a temporary copy as cocktaildb, with the host's env file; the copy is gone.
        var sudo = (await host.Journal.ReadAsync("-t", "sudo", "--since", HostJournal.Since(since)))
            .Select(e => CopyRunBySudo().Match(e.Message)).Where(m => m.Success).ToList();
        var copy = Assert.Single(sudo).Groups["copy"].Value;
        Assert.Equal("", await TemporaryCopiesAsync());
        Assert.Equal("absent", (await host.Shell.RootCheckedAsync($"test -e {copy} && echo present || echo absent")).Trim());
    }

    [Fact]
    public async Task A_host_key_other_than_the_trusted_one_fails_the_build_with_the_ssh_error_before_anything_reaches_the_host()
    {
        // known_hosts names another key for this host: what a man in the middle would present.
        var impostor = await SshClientKeyAsync();
        var knownHosts = host.Temp.Write("impostor_known_hosts", SshClient.KnownHostsLine(host.Container.SshPort, impostor));
        var config = host.Ssh.WriteConfig("impostor", knownHosts);
        var ledger = await LedgerAsync();
        var since = DateTimeOffset.UtcNow;

        var build = await MigrateTarget.RunAsync(host, config, MigrationsWithOneMore.Directory);
        var until = DateTimeOffset.UtcNow;

        Assert.NotEqual(0, build.ExitCode);
        Assert.Equal(["OPSB1108"], MigrateTarget.ErrorCodes(build));
        // sshd saw the connection, and ssh left before logging in: no key was offered to an impostor.
        var sshd = await host.Journal.ReadAsync([.. HostJournal.Sshd, "--since", HostJournal.Since(since), "--until", HostJournal.Since(until)]);
        Assert.Contains(sshd, e => e.Message.EndsWith("[preauth]", StringComparison.Ordinal));
        Assert.DoesNotContain(sshd, e => e.Message.StartsWith("Accepted", StringComparison.Ordinal));
        Assert.Equal("", await TemporaryCopiesAsync());
        Assert.Equal(ledger, await LedgerAsync());
    }

    [Fact]
    public async Task Without_a_sudo_rule_for_the_service_account_the_build_fails_with_the_sudo_error_and_removes_its_copy()
    {
        // The host lets ec2-user become root only, not cocktaildb.
        await host.Shell.RootCheckedAsync($"echo 'ec2-user ALL=(root) NOPASSWD:ALL' > {Sudoers} && visudo -cq");
        var ledger = await LedgerAsync();
        try
        {
            var build = await MigrateTarget.RunAsync(host, host.Ssh.ConfigFile, MigrationsWithOneMore.Directory);

            Assert.NotEqual(0, build.ExitCode);
            Assert.Equal(["OPSB1105"], MigrateTarget.ErrorCodes(build));
            Assert.Equal("", await TemporaryCopiesAsync());
            Assert.Equal(ledger, await LedgerAsync());
        }
        finally
        {
            await host.Shell.RootCheckedAsync($"echo 'ec2-user ALL=(ALL) NOPASSWD:ALL' > {Sudoers} && visudo -cq");
        }
    }

    [Fact]
    public async Task With_PostgreSQL_stopped_the_build_fails_with_the_cannot_connect_error_and_removes_its_copy()
    {
        var ledger = await LedgerAsync();
        await host.Units.SystemctlAsync("stop", "postgresql.service");
        try
        {
            var build = await MigrateTarget.RunAsync(host, host.Ssh.ConfigFile, MigrationsWithOneMore.Directory);

            Assert.NotEqual(0, build.ExitCode);
            Assert.Equal(["OPSB2005"], MigrateTarget.ErrorCodes(build));
            Assert.Equal("", await TemporaryCopiesAsync());
        }
        finally
        {
            await host.Units.SystemctlAsync("start", "postgresql.service");
        }

        Assert.Equal(ledger, await LedgerAsync());
    }

    private const string Sudoers = "/etc/sudoers.d/90-cloud-init-users";

    /// <summary>The copies the target puts in the host's /tmp, one name per line; empty when none is left.</summary>
    private async Task<string> TemporaryCopiesAsync() =>
        (await host.Shell.RootCheckedAsync("find /tmp -maxdepth 1 -name 'cocktaildb-ops.*'")).Trim();

    /// <summary>The host database's ledger (file names, in order), read as the API role; waits for a restarting server.</summary>
    private async Task<string> LedgerAsync() =>
        await ScalarAsync<string>("SELECT string_agg(filename, ',' ORDER BY filename) FROM schema_migrations");

    private async Task<T> ScalarAsync<T>(string sql)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await host.Database.OpenAsApiAsync(host.Container.PostgresPort);
                await using var command = new NpgsqlCommand(sql, connection);
                return (T)(await command.ExecuteScalarAsync())!;
            }
            catch (NpgsqlException) when (attempt < 30)
            {
                // PostgreSQL was just started again and does not accept connections yet.
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private async Task<string> SshClientKeyAsync()
    {
        var path = host.Temp.File("impostor_host_key");
        var keygen = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path], timeout: TimeSpan.FromMinutes(1));
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        return File.ReadAllText(path + ".pub");
    }

    [GeneratedRegex(@"USER=cocktaildb ; COMMAND=(?<copy>/tmp/cocktaildb-ops\.[0-9a-f]{32}) migrate --env-file /opt/cocktaildb/\.env$")]
    private static partial Regex CopyRunBySudo();

    /// <summary>
    /// The repository's migrations plus <see cref="NewMigration"/>, in a folder that keeps its
    /// files (and their times) between runs, so the binary is published once and then reused.
    /// </summary>
    private static class MigrationsWithOneMore
    {
        public static string Directory { get; } = Create();

        private static string Create()
        {
            var directory = Path.Combine(MigrateTarget.ArtifactsPath, "migrations");
            System.IO.Directory.CreateDirectory(directory);
            var wanted = System.IO.Directory.EnumerateFiles(RepositoryFiles.File("migrations"), "*.sql")
                .Select(path => (Name: Path.GetFileName(path), Text: File.ReadAllText(path)))
                .Append((Name: NewMigration, Text: "CREATE TABLE host_check (id integer PRIMARY KEY);\n"))
                .ToList();
            foreach (var stale in System.IO.Directory.EnumerateFiles(directory).Where(f => !wanted.Any(w => w.Name == Path.GetFileName(f))).ToList())
            {
                File.Delete(stale);
            }

            foreach (var (name, text) in wanted)
            {
                var path = Path.Combine(directory, name);
                if (!File.Exists(path) || File.ReadAllText(path) != text)
                {
                    File.WriteAllText(path, text);
                }
            }

            return directory;
        }
    }
}
