using System.Text.Json;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests;

/// <summary>
/// infrastructure/polkit/50-cocktaildb-analytics.rules, evaluated by Node in an empty context
/// with a stand-in for polkitd's API (Scripts/evaluate-polkit-rule.js): the rule is asked,
/// not read.
/// </summary>
public sealed class PolkitRuleTests
{
    private const string ManageUnits = "org.freedesktop.systemd1.manage-units";

    [Fact]
    public async Task The_cocktaildb_user_may_start_the_analytics_job()
    {
        var (rules, answer) = await AskAsync("cocktaildb", ManageUnits, "cocktaildb-analytics.service", "start");

        Assert.Equal(1, rules);
        Assert.Equal("yes", answer);
    }

    [Theory]
    // Any other verb on the analytics job: stopping or restarting would cut a refresh short.
    [InlineData("cocktaildb", ManageUnits, "cocktaildb-analytics.service", "stop")]
    [InlineData("cocktaildb", ManageUnits, "cocktaildb-analytics.service", "restart")]
    [InlineData("cocktaildb", ManageUnits, "cocktaildb-analytics.service", "try-restart")]
    [InlineData("cocktaildb", ManageUnits, "cocktaildb-analytics.service", "reload-or-restart")]
    [InlineData("cocktaildb", ManageUnits, "cocktaildb-analytics.service", "reload")]
    [InlineData("cocktaildb", ManageUnits, "cocktaildb-analytics.service", "kill")]
    [InlineData("cocktaildb", ManageUnits, "cocktaildb-analytics.service", null)]
    // Starting any other unit, the API and the timers among them.
    [InlineData("cocktaildb", ManageUnits, "cocktaildb-api.service", "start")]
    [InlineData("cocktaildb", ManageUnits, "cocktaildb-analytics.timer", "start")]
    [InlineData("cocktaildb", ManageUnits, "cocktaildb-analytics-debounce.service", "start")]
    [InlineData("cocktaildb", ManageUnits, "postgresql.service", "start")]
    [InlineData("cocktaildb", ManageUnits, null, "start")]
    // Any other user, including names that merely contain "cocktaildb".
    [InlineData("ec2-user", ManageUnits, "cocktaildb-analytics.service", "start")]
    [InlineData("nobody", ManageUnits, "cocktaildb-analytics.service", "start")]
    [InlineData("cocktaildb2", ManageUnits, "cocktaildb-analytics.service", "start")]
    [InlineData("", ManageUnits, "cocktaildb-analytics.service", "start")]
    // Any other action, even with the same details.
    [InlineData("cocktaildb", "org.freedesktop.systemd1.manage-unit-files", "cocktaildb-analytics.service", "start")]
    [InlineData("cocktaildb", "org.freedesktop.systemd1.reload-daemon", "cocktaildb-analytics.service", "start")]
    [InlineData("cocktaildb", "org.freedesktop.login1.reboot", "cocktaildb-analytics.service", "start")]
    public async Task Every_other_request_is_left_to_polkits_default_policy(string user, string action, string? unit, string? verb)
    {
        var (_, answer) = await AskAsync(user, action, unit, verb);

        // Not "no": the rule only grants, so administrators keep whatever the policy gives them.
        Assert.Null(answer);
    }

    private static async Task<(int Rules, string? Answer)> AskAsync(string user, string action, string? unit, string? verb)
    {
        var details = new Dictionary<string, string>();
        if (unit is not null)
        {
            details["unit"] = unit;
        }

        if (verb is not null)
        {
            details["verb"] = verb;
        }

        var questions = JsonSerializer.Serialize(new[] { new Dictionary<string, object> { ["action"] = action, ["user"] = user, ["details"] = details } });
        var result = await ProcessRunner.RunAsync("node", [RepositoryFiles.File("tests", "Ops.Deployment.Tests", "Scripts", "evaluate-polkit-rule.js"), RepositoryFiles.PolkitRule, questions], timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"node could not evaluate the rule:\n{result}");

        var reply = JsonDocument.Parse(result.StdOut).RootElement;
        var answer = reply.GetProperty("answers")[0];
        return (reply.GetProperty("rules").GetInt32(), answer.ValueKind == JsonValueKind.Null ? null : answer.GetString());
    }
}
