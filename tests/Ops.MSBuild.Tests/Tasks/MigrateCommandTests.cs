using CocktailDb.Ops.MSBuild.Migration;
using CocktailDb.Ops.MSBuild.Tasks;

namespace CocktailDb.Ops.MSBuild.Tests.Tasks;

public sealed class MigrateCommandTests
{
    [Fact]
    public void DryRun_and_MigrateArgs_follow_the_settings_source()
    {
        Assert.Equal(
            ["migrate", "--env-file", "/opt/cocktaildb/.env", "--dry-run", "--target", "12"],
            MigrateCommand.Arguments(dryRun: true, "--target 12", "--env-file", "/opt/cocktaildb/.env"));
        Assert.Equal(["migrate"], MigrateCommand.Arguments(dryRun: false, null));
        // Given twice it would be a usage error of the CLI.
        Assert.Equal(["migrate", "--dry-run"], MigrateCommand.Arguments(dryRun: true, "--dry-run"));
    }

    [Theory]
    [InlineData("--connection postgres://ops:hunter2@db:5432/cocktaildb")]
    [InlineData("--connection=postgresql://ops:hunter2@db/cocktaildb")]
    [InlineData("--connection postgres://ops@db/cocktaildb?password=hunter2")]
    [InlineData("--connection 'Host=db;Username=ops;Password=hunter2;Database=c'")]
    [InlineData("--connection 'Host=db; pwd = hunter2'")]
    [InlineData("--connection 'Host=db;PSW=hunter2'")]
    [InlineData("--connection 'Host=db;psw=\"hunter2\"'")]
    [InlineData("--connection 'Host=db;PASSWORD = hunter2;Database=c'")]
    public void A_connection_with_a_password_is_refused_because_it_would_be_on_a_command_line(string migrateArgs)
    {
        var error = Assert.Throws<OpsBuildException>(() => MigrateCommand.Arguments(false, migrateArgs));

        Assert.Equal("OPSB1005", error.Code);
        Assert.Contains("DB_PASSWORD", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData("Host=db;Password")]
    [InlineData("Host=db;Secret=hunter2")]
    [InlineData("Host=db;Password='hunter2")]
    public void A_connection_that_cannot_be_read_is_refused_without_repeating_it(string connection)
    {
        var error = Assert.Throws<OpsBuildException>(() => MigrateCommand.Arguments(false, null, "--connection", connection));

        Assert.Equal("OPSB1003", error.Code);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData("postgres://ops@db:5432/cocktaildb")]
    [InlineData("Host=db;Username=ops;Database=cocktaildb")]
    [InlineData("postgres://[::1]:5432/cocktaildb")]
    [InlineData("Host=db;Password=;Database=cocktaildb")]
    public void A_connection_without_a_password_is_passed_on(string connection)
    {
        Assert.Equal(["migrate", "--connection", connection], MigrateCommand.Arguments(false, null, "--connection", connection));
    }

    [Theory]
    [InlineData(1, "OPSB2001", "migrate failed on dev")]
    [InlineData(2, "OPSB2002", "-p:MigrateArgs")]
    [InlineData(3, "OPSB2003", "drift on dev")]
    [InlineData(4, "OPSB2004", "lock timeout on dev")]
    [InlineData(5, "OPSB2005", "cannot connect to the database on dev")]
    [InlineData(6, "OPSB2006", "configuration missing or invalid on dev")]
    [InlineData(8, "OPSB2008", "did not get its table locks in time on dev")]
    [InlineData(130, "OPSB2000", "interrupted")]
    [InlineData(42, "OPSB2000", "exit code 42")]
    public void Each_exit_code_of_migrate_becomes_its_own_error(int exitCode, string code, string text)
    {
        var error = MigrateExit.ToError(exitCode, [], "on dev (ec2-user@dev.mixology.tools)", "the DB_* settings in /opt/cocktaildb/.env", new MigrationSources(null, null))!;

        Assert.Equal(code, error.Code);
        Assert.Contains(text, error.Message);
    }

    [Fact]
    public void Every_error_code_is_OPSB_and_four_digits_and_none_is_used_twice()
    {
        var codes = typeof(ErrorCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.All(codes, c => Assert.Matches(@"^OPSB\d{4}$", c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }
}
