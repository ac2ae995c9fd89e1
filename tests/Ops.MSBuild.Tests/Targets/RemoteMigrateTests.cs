using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CocktailDb.Ops.MSBuild.Tests.Infrastructure;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.MSBuild.Tests.Targets;

/// <summary>
/// Env=dev through the real repository build, with fake ssh, scp and sudo first on PATH that
/// run the "remote" commands on this machine (see <see cref="FakeRemote"/>). The "host's" env
/// file points at a database of the test PostgreSQL; its password is in that file only.
/// </summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed class RemoteMigrateTests(PostgresServer server)
{
    private const string LegacyLedger = "CREATE TABLE schema_migrations (filename TEXT PRIMARY KEY, applied_at TIMESTAMP)";

    [Fact]
    public async Task A_dry_run_on_dev_prints_the_pending_list_from_the_host_and_changes_nothing()
    {
        using var remote = new FakeRemote();
        var db = await server.CreateDatabaseAsync();
        // The seed's ledger with nothing recorded yet: every migration is pending.
        await db.ExecuteAsync(LegacyLedger);
        var envFile = remote.WriteEnvFile(db.Environment());

        var result = await RepositoryBuild.RunAsync("Migrate", ["Env=dev", "DryRun=true", "RemoteEnvFile=" + envFile], remote.Environment(("FAKE_UNAME_M", "x86_64")));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("environment dev: ec2-user@dev.mixology.tools", result.StdOut);
        Assert.Contains("ec2-user@dev.mixology.tools is x86_64: publishing cocktaildb-ops for linux-x64", result.StdOut);
        foreach (var migration in Repository.Migrations)
        {
            Assert.Contains($"[dev] would apply {migration}", result.StdOut);
        }

        Assert.Contains($"[dev] would apply {Repository.Migrations.Count}, skipped 0 already applied", result.StdOut);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));

        // The whole conversation with the host, in order.
        var calls = remote.Invocations();
        Assert.Equal(["ssh", "scp", "ssh", "ssh", "sudo", "ssh"], calls.Select(c => c[0]));
        Assert.Equal("uname -m", FakeRemote.RemoteCommand(calls[0]));
        var upload = calls[1][^1];
        Assert.Matches("^ec2-user@dev.mixology.tools:/tmp/cocktaildb-ops\\.[0-9a-f]{32}$", upload);
        var remotePath = upload[(upload.IndexOf(':') + 1)..];
        Assert.Equal($"sh -c 'chmod 0755 \"$1\" && sha256sum \"$1\"' sh {remotePath}", FakeRemote.RemoteCommand(calls[2]));
        Assert.Equal(["sudo", "-n", "-u", "cocktaildb", remotePath, "migrate", "--env-file", envFile, "--dry-run"], calls[4]);
        Assert.Equal($"rm -f {remotePath}", FakeRemote.RemoteCommand(calls[5]));
        Assert.All(calls.Where(c => c[0] is "ssh" or "scp"), c =>
        {
            Assert.Equal(["-o", "BatchMode=yes"], c.Skip(c[0] == "scp" ? 2 : 1).Take(2));
            Assert.DoesNotContain(c, a => a.Contains("StrictHostKeyChecking", StringComparison.OrdinalIgnoreCase));
        });

        // What went over is the linux-x64 binary published by this build, and it is gone again.
        Assert.Equal(File.ReadAllBytes(RepositoryBuild.PublishedBinary("linux-x64")), File.ReadAllBytes(Path.Combine(remote.Uploads, Path.GetFileName(remotePath))));
        Assert.False(File.Exists(remotePath));
        AssertNoSecret(remote, result);
    }

    [Fact]
    public async Task Migrate_on_dev_applies_on_the_host_and_fails_the_build_with_the_drift_code_once_an_applied_migration_changed()
    {
        using var remote = new FakeRemote();
        var db = await server.CreateDatabaseAsync();
        var envFile = remote.WriteEnvFile(db.Environment());
        var key = Path.Combine(remote.Directory, "id_ed25519");
        var env = remote.Environment(("COCKTAILDB_SSH_KEY", key));
        string[] properties = ["Env=dev", "RemoteHost=127.0.0.1", "RemoteUser=deploy", "RemotePort=2222", "RemoteRunAs=svc", "RemoteEnvFile=" + envFile, "MigrateArgs=--lock-timeout 30s"];

        var applied = await RepositoryBuild.RunAsync("Migrate", properties, env);

        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("[dev] empty database: installed schema.sql", applied.StdOut);
        Assert.Contains("migrate finished on dev (deploy@127.0.0.1)", applied.StdOut);
        Assert.Equal(Repository.Migrations.Count, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        var firstCalls = remote.Invocations();
        Assert.All(firstCalls.Where(c => c[0] == "ssh"), c => Assert.Equal(["-p", "2222", "-i", key, "-o", "IdentitiesOnly=yes", "--", "deploy@127.0.0.1"], c[7..15]));
        Assert.Equal(["-P", "2222", "-i", key], firstCalls.Single(c => c[0] == "scp")[8..12]);
        Assert.Equal(["-n", "-u", "svc"], firstCalls.Single(c => c[0] == "sudo")[1..4]);
        Assert.Equal(["--lock-timeout", "30s"], firstCalls.Single(c => c[0] == "sudo")[^2..]);

        await db.ExecuteAsync("UPDATE schema_migrations SET checksum = repeat('0', 64)");
        File.WriteAllText(remote.LogFile, string.Empty);
        var drifted = await RepositoryBuild.RunAsync("Migrate", properties, env);

        Assert.NotEqual(0, drifted.ExitCode);
        Assert.Contains("error OPSB2003: drift on dev (deploy@127.0.0.1) (exit 3)", drifted.StdOut);
        Assert.Contains("[dev] ", drifted.StdOut);
        // The copy is removed after a failed run too.
        var calls = remote.Invocations();
        Assert.Equal("ssh", calls[^1][0]);
        Assert.StartsWith("rm -f /tmp/cocktaildb-ops.", FakeRemote.RemoteCommand(calls[^1]));
        Assert.False(File.Exists(FakeRemote.RemoteCommand(calls[^1])["rm -f ".Length..]));
        AssertNoSecret(remote, applied, drifted);
    }

    [Fact]
    public async Task A_copy_that_does_not_match_its_checksum_on_the_host_is_never_run()
    {
        using var remote = new FakeRemote();
        var db = await server.CreateDatabaseAsync();
        var envFile = remote.WriteEnvFile(db.Environment());

        var result = await RepositoryBuild.RunAsync(
            "Migrate",
            ["Env=dev", "RemoteHost=127.0.0.1", "RemoteEnvFile=" + envFile],
            remote.Environment(("FAKE_SCP_CORRUPT", "1")));

        Assert.NotEqual(0, result.ExitCode);
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepositoryBuild.PublishedBinary("linux-x64"))));
        Assert.Contains($"error OPSB1104: the binary on ec2-user@127.0.0.1 does not match the one built here (SHA-256 {expected}, host reports ", result.StdOut);
        Assert.Empty(remote.Of("sudo"));
        Assert.DoesNotContain(remote.Of("ssh"), c => FakeRemote.RemoteCommand(c).Contains("migrate", StringComparison.Ordinal));
        var cleanup = FakeRemote.RemoteCommand(remote.Invocations()[^1]);
        Assert.StartsWith("rm -f /tmp/cocktaildb-ops.", cleanup);
        Assert.False(File.Exists(cleanup["rm -f ".Length..]));
        Assert.False(await db.ScalarAsync<bool>("SELECT EXISTS (SELECT FROM pg_tables WHERE schemaname = 'public')"));
    }

    /// <summary>
    /// An aarch64 (Graviton) host gets the linux-arm64 binary. The fake sudo runs it under
    /// qemu-aarch64-static; it cannot log in to the test database (a SCRAM login needs the arm64
    /// libssl, which this machine does not have), so the env file names a closed loopback port:
    /// the binary really runs, fails to connect, and its exit code 5 comes back as the build error.
    /// </summary>
    [Fact]
    public async Task An_aarch64_host_gets_the_linux_arm64_binary_and_its_exit_code_comes_back_as_the_build_result()
    {
        using var remote = new FakeRemote();
        var envFile = remote.WriteEnvFile(new Dictionary<string, string?>
        {
            ["DB_HOST"] = "127.0.0.1",
            ["DB_PORT"] = ClosedLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DB_USER"] = "postgres",
            ["DB_PASSWORD"] = PostgresServer.Password,
            ["DB_NAME"] = "cocktaildb",
        });

        var result = await RepositoryBuild.RunAsync(
            "Migrate",
            ["Env=prod", "RemoteHost=127.0.0.1", "RemoteEnvFile=" + envFile],
            remote.Environment(("FAKE_UNAME_M", "aarch64")));

        Assert.Contains("ec2-user@127.0.0.1 is aarch64: publishing cocktaildb-ops for linux-arm64", result.StdOut);
        var arm64 = RepositoryBuild.PublishedBinary("linux-arm64");
        var upload = Assert.Single(Directory.GetFiles(remote.Uploads));
        Assert.Equal(File.ReadAllBytes(arm64), File.ReadAllBytes(upload));
        Assert.Equal([0xb7, 0x00], File.ReadAllBytes(upload)[18..20]); // ELF e_machine: aarch64
        Assert.Contains($"SHA-256 verified on ec2-user@127.0.0.1: {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(arm64)))}", result.StdOut);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error OPSB2005: cannot connect to the database on prod (ec2-user@127.0.0.1) (exit 5)", result.StdOut);
        Assert.Contains("[prod] ", result.StdOut);
        AssertNoSecret(remote, result);
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The database password is in the host's env file only: on no command line, in no build output.</summary>
    private static void AssertNoSecret(FakeRemote remote, params ProcessResult[] builds)
    {
        Assert.NotEmpty(remote.Invocations());
        Assert.All(remote.Invocations(), c => Assert.DoesNotContain(c, a => a.Contains(PostgresServer.Password, StringComparison.Ordinal)));
        Assert.All(builds, b => Assert.DoesNotContain(PostgresServer.Password, b.Output));
    }
}
