using CocktailDb.Ops.MSBuild.Tasks;
using CocktailDb.Ops.MSBuild.Tests.Infrastructure;

namespace CocktailDb.Ops.MSBuild.Tests.Tasks;

/// <summary>The ssh-facing tasks run in-process with a fake build engine and a scripted ssh.</summary>
public sealed class RemoteTaskTests
{
    private static (DetectRemoteRuntime Task, FakeBuildEngine Engine, bool Result) Detect(string sshScript)
    {
        var engine = new FakeBuildEngine();
        var task = new DetectRemoteRuntime
        {
            BuildEngine = engine,
            EnvName = "dev",
            Host = "dev.mixology.tools",
            User = "ec2-user",
            SshPath = Scripts.Write("ssh", sshScript),
        };
        return (task, engine, task.Execute());
    }

    [Theory]
    [InlineData("x86_64", "linux-x64")]
    [InlineData("aarch64", "linux-arm64")]
    public void The_hosts_uname_picks_the_runtime_to_publish_for(string machine, string rid)
    {
        // A banner line before the answer must not confuse it.
        var (task, engine, ok) = Detect($"echo 'Amazon Linux 2023'; echo {machine}");

        Assert.True(ok, engine.Log);
        Assert.Equal(rid, task.RuntimeIdentifier);
        Assert.Contains($"is {machine}: publishing cocktaildb-ops for {rid}", engine.Log);
    }

    [Fact]
    public void An_architecture_without_a_binary_is_an_error_naming_it()
    {
        var (_, engine, ok) = Detect("echo riscv64");

        Assert.False(ok);
        Assert.Equal("OPSB1102", engine.SingleError().Code);
        Assert.Contains("'riscv64'", engine.SingleError().Message);
    }

    [Fact]
    public void A_failing_ssh_is_an_error_that_says_how_to_trust_the_host_without_turning_checking_off()
    {
        var (_, engine, ok) = Detect("echo 'Host key verification failed.' >&2; exit 255");

        Assert.False(ok);
        var error = engine.SingleError();
        Assert.Equal("OPSB1101", error.Code);
        Assert.Contains("Host key verification failed.", error.Message);
        Assert.Contains("~/.ssh/known_hosts", error.Message);
        Assert.Contains("COCKTAILDB_SSH_KEY", error.Message);
        Assert.DoesNotContain("StrictHostKeyChecking", error.Message);
    }

    [Fact]
    public void A_missing_ssh_program_is_an_error_not_a_crash()
    {
        var engine = new FakeBuildEngine();
        var task = new DetectRemoteRuntime { BuildEngine = engine, EnvName = "dev", Host = "h", User = "u", SshPath = "/nonexistent/ssh" };

        Assert.False(task.Execute());
        Assert.Equal("OPSB1106", engine.SingleError().Code);
        Assert.Contains("could not start '/nonexistent/ssh'", engine.SingleError().Message);
    }

    [Theory]
    [InlineData("MigrateArgs", "--target \"12", "OPSB1004")]
    [InlineData("RemoteTempDir", "tmp", "OPSB1003")]
    [InlineData("RemoteTempDir", "/tmp/$(reboot)", "OPSB1003")]
    public void Bad_settings_stop_a_remote_run_before_anything_is_copied(string property, string value, string code)
    {
        var engine = new FakeBuildEngine();
        var calls = Path.Combine(Path.GetTempPath(), "cocktaildb-calls-" + Guid.NewGuid().ToString("N"));
        var recorder = $"echo \"$0 $*\" >> {calls}";
        var task = new RunRemoteMigration
        {
            BuildEngine = engine,
            EnvName = "dev",
            Host = "dev.mixology.tools",
            User = "ec2-user",
            SshPath = Scripts.Write("ssh", recorder),
            ScpPath = Scripts.Write("scp", recorder),
            BinaryPath = typeof(RemoteTaskTests).Assembly.Location,
            RunAs = "cocktaildb",
            RemoteEnvFile = "/opt/cocktaildb/.env",
        };
        typeof(RunRemoteMigration).GetProperty(property)!.SetValue(task, value);

        Assert.False(task.Execute());
        Assert.Equal(code, engine.SingleError().Code);
        Assert.False(File.Exists(calls));
    }

    [Fact]
    public void A_remote_run_uploads_verifies_runs_streams_the_output_maps_the_exit_code_and_removes_the_copy()
    {
        using var remote = new FakeRemote();
        // Stands in for cocktaildb-ops: prints its arguments, then exits as on a lock timeout.
        var binary = Scripts.Write("cocktaildb-ops", "echo \"args: $*\"; echo 'waiting for the lock' >&2; exit 4");
        var engine = new FakeBuildEngine();
        var task = new RunRemoteMigration
        {
            BuildEngine = engine,
            EnvName = "dev",
            Host = "127.0.0.1",
            User = "cocktaildb",
            SshPath = remote.Ssh,
            ScpPath = remote.Scp,
            BinaryPath = binary,
            // The login account is the service account: no sudo.
            RunAs = "cocktaildb",
            RemoteEnvFile = "/opt/cocktaildb/.env",
            DryRun = true,
            MigrateArgs = "--lock-timeout '1s'",
        };

        Assert.False(task.Execute());

        Assert.Matches("^/tmp/cocktaildb-ops\\.[0-9a-f]{32}$", task.RemotePath);
        Assert.Contains($"[dev] args: migrate --env-file /opt/cocktaildb/.env --dry-run --lock-timeout 1s", engine.Log);
        Assert.Contains("[dev] waiting for the lock", engine.Log);
        Assert.Contains($"SHA-256 verified on cocktaildb@127.0.0.1: {RunRemoteMigration.Sha256(binary)}", engine.Log);
        Assert.Equal("OPSB2004", engine.SingleError().Code);
        Assert.Contains("lock timeout on dev (cocktaildb@127.0.0.1) (exit 4)", engine.SingleError().Message);
        Assert.Empty(remote.Of("sudo"));
        Assert.Equal($"{task.RemotePath} migrate --env-file /opt/cocktaildb/.env --dry-run --lock-timeout 1s", FakeRemote.RemoteCommand(remote.Invocations()[^2]));
        Assert.Equal($"rm -f {task.RemotePath}", FakeRemote.RemoteCommand(remote.Invocations()[^1]));
        Assert.False(File.Exists(task.RemotePath));
    }

    [Fact]
    public void A_local_connection_with_a_password_is_refused_before_the_binary_runs()
    {
        var engine = new FakeBuildEngine();
        var task = new RunLocalMigration
        {
            BuildEngine = engine,
            // Were it started, this would be a different error (the program does not exist).
            BinaryPath = "/nonexistent/cocktaildb-ops",
            Connection = "postgres://ops:hunter2@localhost/cocktaildb",
            LocalDbDir = Path.GetTempPath(),
        };

        Assert.False(task.Execute());
        Assert.Equal("OPSB1005", engine.SingleError().Code);
        Assert.DoesNotContain("hunter2", engine.Log);
    }
}
