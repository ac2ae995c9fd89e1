using CocktailDb.Ops.MSBuild.Tasks;
using CocktailDb.Ops.MSBuild.Tests.Infrastructure;

namespace CocktailDb.Ops.MSBuild.Tests.Tasks;

/// <summary>The settings checked before anything is published: parsed, resolved against the user's directory, files present.</summary>
public sealed class CheckMigrateSettingsTests : IDisposable
{
    private readonly string _startup = Directory.CreateTempSubdirectory("cocktaildb-msbuild-tests-").FullName;

    public void Dispose() => Directory.Delete(_startup, recursive: true);

    private (CheckMigrateSettings Task, FakeBuildEngine Engine, bool Result) Run(Action<CheckMigrateSettings> configure, params (string Name, string Value)[] globalProperties)
    {
        var engine = new FakeBuildEngine();
        foreach (var (name, value) in globalProperties)
        {
            engine.GlobalProperties[name] = value;
        }

        var task = new CheckMigrateSettings { BuildEngine = engine, IsLocal = true, StartupDirectory = _startup };
        configure(task);
        return (task, engine, task.Execute());
    }

    [Fact]
    public void Relative_paths_are_taken_from_the_directory_dotnet_build_runs_in_and_a_leading_tilde_is_home()
    {
        File.WriteAllText(Path.Combine(_startup, "db.env"), "DB_HOST=localhost\n");
        Directory.CreateDirectory(Path.Combine(_startup, "pg", "bin"));
        foreach (var program in new[] { "initdb", "pg_ctl", "createdb" })
        {
            File.WriteAllText(Path.Combine(_startup, "pg", "bin", program), string.Empty);
        }

        var (task, engine, ok) = Run(t =>
        {
            t.EnvFile = "db.env";
            t.LocalDbDir = "../elsewhere/localdb";
            t.PostgresBinDir = "pg/bin";
        });

        Assert.True(ok, engine.Log);
        Assert.Equal(Path.Combine(_startup, "db.env"), task.EnvFilePath);
        Assert.Equal(Path.GetFullPath(Path.Combine(_startup, "..", "elsewhere", "localdb")), task.LocalDbPath);
        Assert.Equal(Path.Combine(_startup, "pg", "bin"), task.PostgresBinPath);
        Assert.Equal(Path.Combine(Environment.GetEnvironmentVariable("HOME")!, "x.env"), Settings.UserPath.Resolve("~/x.env", _startup));
    }

    [Fact]
    public void A_missing_env_file_is_an_error_naming_the_resolved_path()
    {
        var (_, engine, ok) = Run(t => t.EnvFile = "missing.env");

        Assert.False(ok);
        Assert.Equal("OPSB1006", engine.SingleError().Code);
        Assert.StartsWith($"EnvFile names {Path.Combine(_startup, "missing.env")}, which does not exist", engine.SingleError().Message);
    }

    [Fact]
    public void A_relative_ssh_key_is_resolved_and_a_missing_one_is_refused()
    {
        File.WriteAllText(Path.Combine(_startup, "id_ed25519"), "key");

        var (found, _, foundOk) = Run(t => { t.IsLocal = false; t.SshKey = "id_ed25519"; });
        var (_, engine, missingOk) = Run(t => { t.IsLocal = false; t.SshKey = "other_key"; });

        Assert.True(foundOk);
        Assert.Equal(Path.Combine(_startup, "id_ed25519"), found.SshKeyPath);
        Assert.False(missingOk);
        Assert.Equal("OPSB1006", engine.SingleError().Code);
        Assert.Contains("COCKTAILDB_SSH_KEY names", engine.SingleError().Message);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    public void DryRun_is_true_or_false(string value, bool expected)
    {
        var (task, _, ok) = Run(t => t.DryRun = value);

        Assert.True(ok);
        Assert.Equal(expected, task.DryRunFlag);
    }

    [Fact]
    public void A_DryRun_that_is_neither_true_nor_false_is_refused()
    {
        var (_, engine, ok) = Run(t => t.DryRun = "yes");

        Assert.False(ok);
        Assert.Equal("OPSB1003", engine.SingleError().Code);
        Assert.Contains("DryRun 'yes' is not true or false", engine.SingleError().Message);
    }

    [Fact]
    public void A_connection_string_MSBuild_split_at_semicolons_is_put_back_together_and_said_so()
    {
        var (task, engine, ok) = Run(t => t.Connection = "Host=db", ("Connection", "Host=db"), ("Username", "ops"), ("Database", "cocktaildb"), ("Configuration", "Debug"));

        Assert.True(ok, engine.Log);
        Assert.Equal("Host=db;Database=cocktaildb;Username=ops", task.ConnectionValue);
        Assert.Contains("MSBuild cut -p:Connection at ';'", engine.Log);
        Assert.Contains("%3B", engine.Log);
    }

    [Fact]
    public void A_quoted_or_escaped_connection_string_and_a_url_are_taken_as_they_are()
    {
        var (keywords, keywordsEngine, keywordsOk) = Run(t => t.Connection = "Host=db;Username=ops;Database=cocktaildb");
        var (url, _, urlOk) = Run(t => t.Connection = "postgres://ops@db/cocktaildb", ("Port", "5433"));

        Assert.True(keywordsOk && urlOk);
        Assert.Equal("Host=db;Username=ops;Database=cocktaildb", keywords.ConnectionValue);
        Assert.DoesNotContain("MSBuild cut", keywordsEngine.Log);
        Assert.Equal("postgres://ops@db/cocktaildb", url.ConnectionValue);
    }

    [Fact]
    public void A_password_that_MSBuild_split_off_the_connection_is_refused_without_showing_it()
    {
        var (_, engine, ok) = Run(t => t.Connection = "Host=db", ("Password", "hunter2"));

        Assert.False(ok);
        Assert.Equal("OPSB1005", engine.SingleError().Code);
        Assert.DoesNotContain("hunter2", engine.Log);
    }

    [Theory]
    [InlineData("Connection")]
    [InlineData("EnvFile")]
    public void Local_only_settings_given_for_a_host_are_refused(string property)
    {
        var (_, engine, ok) = Run(t =>
        {
            t.IsLocal = false;
            typeof(CheckMigrateSettings).GetProperty(property)!.SetValue(t, "x");
        });

        Assert.False(ok);
        Assert.Equal("OPSB1003", engine.SingleError().Code);
        Assert.StartsWith($"-p:{property} applies to Env=local only", engine.SingleError().Message);
    }
}
