namespace CocktailDb.Ops.Tests.Harness;

/// <summary>Runs the dotnet CLI from the repository root, as a developer would.</summary>
public static class Dotnet
{
    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.RunAsync("dotnet", arguments, Environment(environment), TestEnvironment.RepoRoot, timeout);

    /// <summary>The environment of a nested dotnet: <paramref name="extra"/> over what the test host must not pass on.</summary>
    public static Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>
        {
            // The test host sets these for itself; a nested build must not inherit them.
            ["MSBuildExtensionsPath"] = null,
            ["MSBuildSDKsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        return env;
    }
}
