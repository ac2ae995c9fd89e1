namespace CocktailDb.Ops.Tests.Harness;

/// <summary>Runs the dotnet CLI from the repository root, as a developer would.</summary>
public static class Dotnet
{
    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
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
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                env[name] = value;
            }
        }

        return ProcessRunner.RunAsync("dotnet", arguments, env, TestEnvironment.RepoRoot, timeout);
    }
}
