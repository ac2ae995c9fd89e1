using CocktailDb.Ops.MSBuild.Tasks;
using CocktailDb.Ops.MSBuild.Tests.Infrastructure;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.MSBuild.Tests.Tasks;

/// <summary>The ssh-facing tasks run in-process with a fake build engine and a fake or scripted ssh.</summary>
public sealed class RemoteTaskTests
{
    private static (CheckRemoteHost Task, FakeBuildEngine Engine, bool Result) Check(string sshPath, string runAs = "cocktaildb", string envFile = "/etc/passwd")
    {
        var engine = new FakeBuildEngine();
        var task = new CheckRemoteHost
        {
            BuildEngine = engine,
            EnvName = "dev",
            Host = "dev.mixology.tools",
            User = "ec2-user",
            SshPath = sshPath,
            RunAs = runAs,
            RemoteEnvFile = envFile,
        };
        return (task, engine, task.Execute());
    }

    private static RunRemoteMigration Migration(FakeRemote remote, FakeBuildEngine engine, string binaryScript, string runAs = "svc") => new()
    {
        BuildEngine = engine,
        EnvName = "dev",
        Host = "127.0.0.1",
        User = "cocktaildb",
        SshPath = remote.Ssh,
        ScpPath = remote.Scp,
        BinaryPath = Scripts.Write("cocktaildb-ops", binaryScript),
        RunAs = runAs,
        RemoteEnvFile = "/opt/cocktaildb/.env",
    };

    [Theory]
    [InlineData("x86_64", "linux-x64")]
    [InlineData("aarch64", "linux-arm64")]
    public void The_hosts_uname_picks_the_runtime_to_publish_for(string machine, string rid)
    {
        using var remote = new FakeRemote();
        remote.Machine = machine;

        var (task, engine, ok) = Check(remote.Ssh);

        Assert.True(ok, engine.Log);
        Assert.Equal(rid, task.RuntimeIdentifier);
        Assert.Contains($"is {machine}: publishing cocktaildb-ops for {rid}; /tmp writable, sudo to cocktaildb allowed, /etc/passwd readable", engine.Log);
        Assert.Equal(["sudo", "-n", "-u", "cocktaildb", "true"], remote.Of("sudo").First());
    }

    [Fact]
    public void A_login_banner_before_the_answers_changes_nothing()
    {
        var ssh = Scripts.Write("ssh", """
            echo 'Amazon Linux 2023'
            echo 'cocktaildb-check: machine=aarch64'
            echo 'cocktaildb-check: tempdir=ok'
            echo 'cocktaildb-check: envfile=ok'
            """);

        var (task, engine, ok) = Check(ssh, runAs: string.Empty);

        Assert.True(ok, engine.Log);
        Assert.Equal("linux-arm64", task.RuntimeIdentifier);
    }

    [Fact]
    public void An_architecture_without_a_binary_is_an_error_naming_it()
    {
        using var remote = new FakeRemote();
        remote.Machine = "riscv64";

        var (_, engine, ok) = Check(remote.Ssh);

        Assert.False(ok);
        Assert.Equal("OPSB1102", engine.SingleError().Code);
        Assert.Contains("'riscv64'", engine.SingleError().Message);
    }

    [Fact]
    public void A_host_where_sudo_to_the_service_account_wants_a_password_is_refused_by_the_check()
    {
        using var remote = new FakeRemote();
        remote.RefuseSudo();

        var (_, engine, ok) = Check(remote.Ssh);

        Assert.False(ok);
        var error = engine.SingleError();
        Assert.Equal("OPSB1105", error.Code);
        Assert.Contains("(sudo: a password is required)", error.Message);
        Assert.Contains("'ec2-user ALL=(cocktaildb) NOPASSWD: ALL'", error.Message);
    }

    [Fact]
    public void An_env_file_the_service_account_cannot_read_is_refused_by_the_check()
    {
        using var remote = new FakeRemote();

        var (_, engine, ok) = Check(remote.Ssh, envFile: "/nonexistent/.env");

        Assert.False(ok);
        Assert.Equal("OPSB1113", engine.SingleError().Code);
        Assert.Contains("cocktaildb cannot read /nonexistent/.env on ec2-user@dev.mixology.tools", engine.SingleError().Message);
    }

    [Theory]
    [InlineData("Host key verification failed.", "OPSB1108", "known_hosts")]
    [InlineData("@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@", "OPSB1108", "ssh-keygen -R")]
    [InlineData("ec2-user@dev.mixology.tools: Permission denied (publickey,gssapi-keyex,gssapi-with-mic).", "OPSB1109", "COCKTAILDB_SSH_KEY")]
    [InlineData("ssh: connect to host dev.mixology.tools port 22: Connection refused", "OPSB1110", "-p:RemotePort")]
    [InlineData("ssh: Could not resolve hostname dev.mixology.tools: Name or service not known", "OPSB1110", "-p:RemoteHost")]
    public void Each_kind_of_ssh_failure_is_an_error_of_its_own_that_keeps_host_key_checking_on(string sshSays, string code, string advice)
    {
        var ssh = Scripts.Write("ssh", $"echo {CocktailDb.Ops.MSBuild.Processes.ShellWords.Quote(sshSays)} >&2; exit 255");

        var (_, engine, ok) = Check(ssh);

        Assert.False(ok);
        var error = engine.SingleError();
        Assert.Equal(code, error.Code);
        Assert.Contains(sshSays, error.Message);
        Assert.Contains(advice, error.Message);
        Assert.DoesNotContain("StrictHostKeyChecking", error.Message);
    }

    [Fact]
    public void A_missing_ssh_program_is_an_error_not_a_crash()
    {
        var (_, engine, ok) = Check("/nonexistent/ssh");

        Assert.False(ok);
        Assert.Equal("OPSB1106", engine.SingleError().Code);
        Assert.Contains("could not start '/nonexistent/ssh'", engine.SingleError().Message);
    }

    [Fact]
    public void A_port_that_is_not_a_number_is_a_setting_error_not_a_crash()
    {
        var engine = new FakeBuildEngine();
        var task = new CheckRemoteHost { BuildEngine = engine, EnvName = "dev", Host = "h", User = "u", Port = "22a", RemoteEnvFile = "/e", SshPath = "/nonexistent/ssh" };

        Assert.False(task.Execute());
        Assert.Equal("OPSB1003", engine.SingleError().Code);
        Assert.Contains("RemotePort '22a'", engine.SingleError().Message);
    }

    [Theory]
    [InlineData("MigrateArgs", "--target \"12", "OPSB1004")]
    [InlineData("RemoteTempDir", "tmp", "OPSB1003")]
    [InlineData("RemoteTempDir", "/tmp/$(reboot)", "OPSB1003")]
    [InlineData("BinaryPath", "/nonexistent/cocktaildb-ops", "OPSB1201")]
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
        var engine = new FakeBuildEngine();
        // Stands in for cocktaildb-ops: prints its arguments, then exits as on a lock timeout.
        var task = Migration(remote, engine, "echo \"args: $*\"; echo 'error: timed out after 1s waiting for the migrations lock, held by pid 42' >&2; exit 4", runAs: "cocktaildb");
        task.DryRun = true;
        task.MigrateArgs = "--lock-timeout '1s'";

        Assert.False(task.Execute());

        Assert.Matches("^/tmp/cocktaildb-ops\\.[0-9a-f]{32}$", task.RemotePath);
        Assert.Contains($"[dev] args: migrate --env-file /opt/cocktaildb/.env --dry-run --lock-timeout 1s", engine.Log);
        Assert.Contains($"SHA-256 verified on cocktaildb@127.0.0.1: {RunRemoteMigration.Sha256(task.BinaryPath)}", engine.Log);
        var error = engine.SingleError();
        Assert.Equal("OPSB2004", error.Code);
        Assert.StartsWith("lock timeout on dev (cocktaildb@127.0.0.1) (exit 4): timed out after 1s waiting for the migrations lock, held by pid 42\n", error.Message);
        // The login account is the service account: no sudo.
        Assert.Empty(remote.Of("sudo"));
        Assert.Equal($"{task.RemotePath} migrate --env-file /opt/cocktaildb/.env --dry-run --lock-timeout 1s", FakeRemote.RemoteCommand(remote.Invocations()[^2]));
        Assert.Equal($"rm -f {task.RemotePath}", FakeRemote.RemoteCommand(remote.Invocations()[^1]));
        Assert.False(File.Exists(task.RemotePath));
    }

    [Fact]
    public void A_sudo_warning_beside_a_failed_migration_is_the_migrations_failure_not_a_sudo_refusal()
    {
        using var remote = new FakeRemote();
        var engine = new FakeBuildEngine();
        var task = Migration(remote, engine, """
            echo 'sudo: unable to resolve host ip-10-0-0-7: Name or service not known' >&2
            echo 'database cocktaildb on db:5432 as cocktaildb'
            echo 'error: 14_migration_x.sql, statement 2 of 3 (line 7): relation "recipes" does not exist [42P01]; nothing from this file was applied' >&2
            exit 1
            """);

        Assert.False(task.Execute());

        var error = engine.SingleError();
        Assert.Equal("OPSB2001", error.Code);
        Assert.Contains("migrate failed on dev (cocktaildb@127.0.0.1) (exit 1): 14_migration_x.sql, statement 2 of 3 (line 7): relation \"recipes\" does not exist [42P01]", error.Message);
    }

    [Fact]
    public void Sudo_alone_refusing_the_run_is_a_sudo_refusal()
    {
        using var remote = new FakeRemote();
        var engine = new FakeBuildEngine();
        var task = Migration(remote, engine, "echo 'never runs'");
        remote.RefuseSudo();

        Assert.False(task.Execute());

        var error = engine.SingleError();
        Assert.Equal("OPSB1105", error.Code);
        Assert.Contains("refused to run the binary as svc: sudo: a password is required; nothing ran", error.Message);
    }

    [Fact]
    public void A_run_that_ends_in_exit_255_without_an_ssh_error_is_a_lost_run_not_a_host_key_problem()
    {
        using var remote = new FakeRemote();
        var engine = new FakeBuildEngine();
        // What ssh reports when the remote process is killed by a signal: no exit status, 255.
        var task = Migration(remote, engine, "echo 'applied 14_migration_x.sql (one transaction) in 3ms'; exit 255");

        Assert.False(task.Execute());

        var error = engine.SingleError();
        Assert.Equal("OPSB1111", error.Code);
        Assert.Contains("ended with exit 255 while migrate ran, without an ssh error: the connection dropped, or the remote process was killed", error.Message);
        Assert.Contains("'ssh cocktaildb@127.0.0.1 pgrep -af cocktaildb-ops'", error.Message);
        Assert.Contains("-p:DryRun=true", error.Message);
        Assert.DoesNotContain("known_hosts", error.Message);
        Assert.Equal($"rm -f {task.RemotePath}", FakeRemote.RemoteCommand(remote.Invocations()[^1]));
    }

    [Fact]
    public async Task Cancelling_during_a_remote_migrate_says_the_run_may_go_on_holding_the_lock_and_how_to_see_it()
    {
        using var remote = new FakeRemote();
        var engine = new FakeBuildEngine();
        var started = Path.Combine(remote.Directory, "started");
        var task = Migration(remote, engine, $"touch {started}; echo 'waiting for the migrations lock'; sleep 30");
        var run = Task.Run(task.Execute);
        await Poll.UntilAsync(() => File.Exists(started), TimeSpan.FromSeconds(30), "the remote migrate to start");

        task.Cancel();

        Assert.False(await run.WaitAsync(TimeSpan.FromSeconds(30)));
        var error = engine.SingleError();
        Assert.Equal("OPSB9001", error.Code);
        Assert.Contains("Stopping ssh does not stop the run on the host: it may still be applying a migration and holding the migration lock", error.Message);
        Assert.Contains("'ssh cocktaildb@127.0.0.1 pgrep -af cocktaildb-ops'", error.Message);
        // The copy is removed even so.
        Assert.Equal($"rm -f {task.RemotePath}", FakeRemote.RemoteCommand(remote.Invocations()[^1]));
    }

    [Fact]
    public void A_local_connection_with_a_password_is_refused_before_the_binary_runs()
    {
        var engine = new FakeBuildEngine();
        var task = new RunLocalMigration
        {
            BuildEngine = engine,
            BinaryPath = typeof(RemoteTaskTests).Assembly.Location,
            Connection = "postgres://ops:hunter2@localhost/cocktaildb",
            LocalDbDir = Path.GetTempPath(),
        };

        Assert.False(task.Execute());
        Assert.Equal("OPSB1005", engine.SingleError().Code);
        Assert.DoesNotContain("hunter2", engine.Log);
    }
}
