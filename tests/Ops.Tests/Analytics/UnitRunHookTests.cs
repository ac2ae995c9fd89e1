using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>
/// What `refresh begin` (ExecCondition=) answers systemd when it cannot do its work. systemd
/// reads exit 1-254 from ExecCondition= as "skip this run", so every error must be 255, which
/// fails the unit visibly; only "another refresh holds the slot" is 1. The hooks' work itself
/// asks systemd about the unit, so it is proven under the real systemd in tests/Ops.Host.Tests.
/// </summary>
[Collection(AnalyticsPostgresCollection.Name)]
public sealed class UnitRunHookTests(PostgresServer server)
{
    private const string Unit = "cocktaildb-analytics.service";

    [Theory]
    [InlineData("--unit", Unit, "--bogus")] // a mistyped option in a drop-in
    [InlineData("--unit")] // an option without its value
    [InlineData("--run-timeout", "70min")] // the unit name missing
    public async Task A_usage_error_fails_the_unit_with_255_instead_of_skipping_the_run(params string[] arguments)
    {
        var db = await server.CreateDatabaseAsync();
        var environment = db.Environment();
        environment["INVOCATION_ID"] = "u1";

        var begin = await OpsBinary.RunAsync(environment, ["refresh", "begin", .. arguments]);

        Assert.True(begin.ExitCode == 255, begin.ToString());
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'cocktaildb-ops refresh%'"));
    }

    [Fact]
    public async Task Begin_outside_a_unit_fails_with_255_and_says_it_is_run_by_systemd()
    {
        var db = await server.CreateDatabaseAsync();

        var begin = await OpsBinary.RunAsync(db.Environment(), "refresh", "begin", "--unit", Unit);

        Assert.Equal(255, begin.ExitCode);
        Assert.Contains("INVOCATION_ID is not set", begin.StdErr);
        Assert.DoesNotContain(PostgresServer.Password, begin.Output);
    }

    [Fact]
    public async Task Help_for_begin_still_exits_0()
    {
        var help = await OpsBinary.RunAsync("refresh", "begin", "--help");

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--unit", help.StdOut);
    }
}
