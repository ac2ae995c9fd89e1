using System.Text.Json;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>The deployed /usr/local/bin/cocktaildb-ops, run on the host as the service account, as an operator would.</summary>
internal static class OpsOnHost
{
    public const string Binary = "/usr/local/bin/cocktaildb-ops";
    public const string Account = "cocktaildb";

    public static Task<ProcessResult> RunAsync(SimulatedHost host, string arguments) =>
        RunAsCommandAsync(host, $"{Binary} {arguments}");

    /// <summary>Any command line as the service account (another build of the binary, say).</summary>
    public static Task<ProcessResult> RunAsCommandAsync(SimulatedHost host, string command) =>
        host.Shell.AsUserAsync(Account, command);

    /// <summary>The "analytics" part of `status --json`: unprocessed changes, the running and the last refresh.</summary>
    public static async Task<JsonElement> AnalyticsStatusAsync(SimulatedHost host)
    {
        var status = await RunAsync(host, $"status --json --env-file {HostDatabase.EnvFile}");
        Assert.True(status.ExitCode == 0, status.ToString());
        using var document = JsonDocument.Parse(status.StdOut);
        return document.RootElement.GetProperty("analytics").Clone();
    }

    /// <summary>Waits until no change is left unprocessed and no refresh runs: a quiet starting point.</summary>
    public static async Task WaitUntilSettledAsync(SimulatedHost host, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var analytics = await AnalyticsStatusAsync(host);
            if (analytics.GetProperty("unprocessedChanges").GetInt64() == 0 && analytics.GetProperty("running").ValueKind == JsonValueKind.Null)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the analytics refresh did not settle within {timeout}: {analytics}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
