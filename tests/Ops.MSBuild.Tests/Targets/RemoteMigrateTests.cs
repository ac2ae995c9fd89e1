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
    public async Task A_dry_run_on_dev_shows_the_host_and_the_pending_list_in_the_terminal_and_changes_nothing()
    {
        using var remote = new FakeRemote();
        remote.Machine = "x86_64";
        var db = await server.CreateDatabaseAsync();
        // The seed's ledger with nothing recorded yet: every migration is pending.
        await db.ExecuteAsync(LegacyLedger);
        var envFile = remote.WriteEnvFile(db.Environment());

        var result = await RepositoryBuild.RunInTerminalAsync("Migrate", ["Env=dev", "DryRun=true", "RemoteEnvFile=" + envFile], remote.Environment());

        // What the terminal logger leaves on the screen.
        var screen = result.Screen.LogicalLines;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(screen, l => l.StartsWith("environment dev: ec2-user@dev.mixology.tools, migrate runs as cocktaildb", StringComparison.Ordinal));
        Assert.Contains(screen, l => l.StartsWith("ec2-user@dev.mixology.tools is x86_64: publishing cocktaildb-ops for linux-x64; /tmp writable, sudo to cocktaildb allowed", StringComparison.Ordinal));
        Assert.Contains($"[dev] database {db.Name} on {server.Host}:{server.Port} as postgres", screen);
        foreach (var migration in RepositoryFiles.Migrations)
        {
            Assert.Contains(screen, l => l.StartsWith($"[dev] would apply {migration} (", StringComparison.Ordinal));
        }

        Assert.Contains(screen, l => l.StartsWith($"[dev] would apply {RepositoryFiles.Migrations.Count}, skipped 0 already applied", StringComparison.Ordinal));
        Assert.Contains(screen, l => l.StartsWith("Build succeeded in ", StringComparison.Ordinal));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));

        // The whole conversation with the host, in order: one ssh that checks the host (and its
        // sudo twice), the upload, the checksum, migrate under sudo, the clean-up.
        var calls = remote.Invocations();
        Assert.Equal(["ssh", "sudo", "sudo", "scp", "ssh", "ssh", "sudo", "ssh"], calls.Select(c => c[0]));
        Assert.EndsWith($" sh /tmp cocktaildb {envFile}", FakeRemote.RemoteCommand(calls[0]));
        Assert.Equal(["sudo", "-n", "-u", "cocktaildb", "true"], calls[1]);
        Assert.Equal(["sudo", "-n", "-u", "cocktaildb", "test", "-r", envFile], calls[2]);
        var upload = calls[3][^1];
        Assert.Matches("^ec2-user@dev.mixology.tools:/tmp/cocktaildb-ops\\.[0-9a-f]{32}$", upload);
        var remotePath = upload[(upload.IndexOf(':') + 1)..];
        Assert.Equal($"sh -c 'chmod 0755 \"$1\" && sha256sum \"$1\"' sh {remotePath}", FakeRemote.RemoteCommand(calls[4]));
        Assert.Equal(["sudo", "-n", "-u", "cocktaildb", remotePath, "migrate", "--env-file", envFile, "--dry-run"], calls[6]);
        Assert.Equal($"rm -f {remotePath}", FakeRemote.RemoteCommand(calls[7]));
        Assert.All(calls.Where(c => c[0] is "ssh" or "scp"), c =>
        {
            Assert.Equal(["-o", "BatchMode=yes"], c.Skip(c[0] == "scp" ? 2 : 1).Take(2));
            Assert.DoesNotContain(c, a => a.Contains("StrictHostKeyChecking", StringComparison.OrdinalIgnoreCase));
        });

        // What went over is the linux-x64 binary published by this build, and it is gone again.
        Assert.Equal(File.ReadAllBytes(RepositoryBuild.TargetBinary("linux-x64")), File.ReadAllBytes(Path.Combine(remote.Uploads, Path.GetFileName(remotePath))));
        Assert.False(File.Exists(remotePath));
        AssertNoSecret(remote, result.Raw);
    }

    [Fact]
    public async Task A_host_where_sudo_wants_a_password_fails_the_build_before_anything_is_published_or_copied()
    {
        using var remote = new FakeRemote();
        remote.RefuseSudo();
        var envFile = remote.WriteEnvFile(new Dictionary<string, string?> { ["DB_HOST"] = "127.0.0.1" });

        var result = await RepositoryBuild.RunAsync("Migrate", ["Env=dev", "RemoteHost=127.0.0.1", "RemoteEnvFile=" + envFile], remote.Environment());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error OPSB1105: sudo on ec2-user@127.0.0.1 refused to run commands as cocktaildb without a password (sudo: a password is required); nothing was copied or run.", result.StdOut);
        Assert.Contains("NOPASSWD", result.StdOut);
        Assert.DoesNotContain("publishing cocktaildb-ops", result.StdOut);
        Assert.DoesNotContain("MSB4018", result.Output);
        Assert.Equal(["ssh", "sudo"], remote.Invocations().Select(c => c[0]));
    }

    [Fact]
    public async Task Migrate_on_dev_applies_on_the_host_and_fails_the_build_with_the_drift_code_at_the_drifted_file_once_an_applied_migration_changed()
    {
        using var remote = new FakeRemote();
        var db = await server.CreateDatabaseAsync();
        var envFile = remote.WriteEnvFile(db.Environment());
        // A key named relative to the directory the build runs in, as a user would type it.
        var key = Path.Combine(remote.Directory, "id_ed25519");
        File.WriteAllText(key, "not a real key: the fake ssh never reads it\n");
        var env = remote.Environment(("COCKTAILDB_SSH_KEY", "id_ed25519"));
        string[] properties = ["Env=dev", "RemoteHost=127.0.0.1", "RemoteUser=deploy", "RemotePort=2222", "RemoteRunAs=svc", "RemoteEnvFile=" + envFile, "MigrateArgs=--lock-timeout 30s"];

        var applied = await RepositoryBuild.RunAsync("Migrate", properties, env, workingDirectory: remote.Directory);

        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("[dev] empty database: installed schema.sql", applied.StdOut);
        Assert.Contains("migrate finished on dev (deploy@127.0.0.1)", applied.StdOut);
        Assert.Equal(RepositoryFiles.Migrations.Count, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        var firstCalls = remote.Invocations();
        Assert.All(firstCalls.Where(c => c[0] == "ssh"), c => Assert.Equal(["-p", "2222", "-i", key, "-o", "IdentitiesOnly=yes", "--", "deploy@127.0.0.1"], c[7..15]));
        Assert.Equal(["-P", "2222", "-i", key], firstCalls.Single(c => c[0] == "scp")[8..12]);
        var migrate = firstCalls.Last(c => c[0] == "sudo");
        Assert.Equal(["-n", "-u", "svc"], migrate[1..4]);
        Assert.Equal(["--lock-timeout", "30s"], migrate[^2..]);

        await db.ExecuteAsync("UPDATE schema_migrations SET checksum = repeat('0', 64)");
        File.WriteAllText(remote.LogFile, string.Empty);
        var drifted = await RepositoryBuild.RunAsync("Migrate", properties, env, workingDirectory: remote.Directory);

        Assert.NotEqual(0, drifted.ExitCode);
        // The error points at the first drifted file (an IDE or CI annotates it) and quotes the tool.
        var first = Path.Combine(TestEnvironment.RepoRoot, "migrations", RepositoryFiles.Migrations[0]);
        Assert.Contains($"{first} : error OPSB2003: drift on dev (deploy@127.0.0.1) (exit 3): applied migrations no longer match their files", drifted.StdOut);
        Assert.Contains($"{RepositoryFiles.Migrations[0]}: applied {new string('0', 64)}, file now ", drifted.StdOut);
        // The copy is removed after a failed run too.
        var calls = remote.Invocations();
        Assert.Equal("ssh", calls[^1][0]);
        Assert.StartsWith("rm -f /tmp/cocktaildb-ops.", FakeRemote.RemoteCommand(calls[^1]));
        Assert.False(File.Exists(FakeRemote.RemoteCommand(calls[^1])["rm -f ".Length..]));
        AssertNoSecret(remote, applied.Output, drifted.Output);
    }

    [Fact]
    public async Task A_copy_that_does_not_match_its_checksum_on_the_host_is_never_run()
    {
        using var remote = new FakeRemote();
        var db = await server.CreateDatabaseAsync();
        var envFile = remote.WriteEnvFile(db.Environment());

        remote.CorruptUploads();

        var result = await RepositoryBuild.RunAsync("Migrate", ["Env=dev", "RemoteHost=127.0.0.1", "RemoteEnvFile=" + envFile], remote.Environment());

        Assert.NotEqual(0, result.ExitCode);
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepositoryBuild.TargetBinary("linux-x64"))));
        Assert.Contains($"error OPSB1104: the binary on ec2-user@127.0.0.1 does not match the one built here (SHA-256 {expected}, host reports ", result.StdOut);
        Assert.DoesNotContain(remote.Of("sudo"), c => c.Contains("migrate"));
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

        remote.Machine = "aarch64";

        var result = await RepositoryBuild.RunAsync("Migrate", ["Env=prod", "RemoteHost=127.0.0.1", "RemoteEnvFile=" + envFile], remote.Environment());

        Assert.True(result.StdOut.Contains("ec2-user@127.0.0.1 is aarch64: publishing cocktaildb-ops for linux-arm64", StringComparison.Ordinal), result.ToString());
        var arm64 = RepositoryBuild.TargetBinary("linux-arm64");
        var upload = Assert.Single(Directory.GetFiles(remote.Uploads));
        Assert.Equal(File.ReadAllBytes(arm64), File.ReadAllBytes(upload));
        Assert.Equal([0xb7, 0x00], File.ReadAllBytes(upload)[18..20]); // ELF e_machine: aarch64
        Assert.Contains($"SHA-256 verified on ec2-user@127.0.0.1: {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(arm64)))}", result.StdOut);
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.StdOut.Contains("error OPSB2005: cannot connect to the database on prod (ec2-user@127.0.0.1) (exit 5): cannot connect to 127.0.0.1:", StringComparison.Ordinal), result.ToString());
        Assert.Contains("[prod] ", result.StdOut);
        AssertNoSecret(remote, result.Output);
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The database password is in the host's env file only: on no command line, in no build output.</summary>
    private static void AssertNoSecret(FakeRemote remote, params string[] outputs)
    {
        Assert.NotEmpty(remote.Invocations());
        Assert.All(remote.Invocations(), c => Assert.DoesNotContain(c, a => a.Contains(PostgresServer.Password, StringComparison.Ordinal)));
        Assert.All(outputs, o => Assert.DoesNotContain(PostgresServer.Password, o));
    }
}
