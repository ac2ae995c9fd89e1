using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// Asks the host for its architecture (<c>uname -m</c>) and names the .NET runtime identifier
/// to publish cocktaildb-ops for: the fleet has both x86_64 and Graviton (aarch64) instances.
/// </summary>
public sealed class DetectRemoteRuntime : RemoteTask
{
    [Output]
    public string RuntimeIdentifier { get; private set; } = string.Empty;

    protected override void ExecuteCore()
    {
        var outcome = Ssh(["uname", "-m"]);
        // Only the last line counts: a login banner on a misconfigured host may come first.
        var machine = outcome.Lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? string.Empty;
        RuntimeIdentifier = outcome.ExitCode == 0 ? FromMachine(machine) ?? string.Empty : string.Empty;
        if (RuntimeIdentifier.Length == 0)
        {
            throw ErrorCodes.Error(
                ErrorCodes.UnsupportedArchitecture,
                $"{Remote.Destination} reports architecture '{machine}' (uname -m, exit {outcome.ExitCode}); cocktaildb-ops is published for x86_64 (linux-x64) and aarch64 (linux-arm64) only.");
        }

        LogHigh($"{Remote.Destination} is {machine}: publishing cocktaildb-ops for {RuntimeIdentifier}");
    }

    /// <summary>uname -m to runtime identifier; null for an architecture there is no binary for.</summary>
    public static string? FromMachine(string machine) => machine switch
    {
        "x86_64" or "amd64" => "linux-x64",
        "aarch64" or "arm64" => "linux-arm64",
        _ => null,
    };
}
