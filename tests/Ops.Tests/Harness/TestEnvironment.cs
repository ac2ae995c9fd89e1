using System.Runtime.CompilerServices;

namespace CocktailDb.Ops.Tests.Harness;

/// <summary>
/// Settings Testcontainers needs on these machines, applied before any test code runs.
/// No registry is reachable (so no Ryuk), the engine speaks API 1.41, and test traffic must
/// stay on loopback (the default would be the docker0 gateway). Kept synchronous: async work
/// in a module initializer has deadlocked the test host.
/// </summary>
internal static class TestEnvironment
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        SetDefault("TESTCONTAINERS_RYUK_DISABLED", "true");
        SetDefault("DOCKER_API_VERSION", "1.41");
        SetDefault("TESTCONTAINERS_HOST_OVERRIDE", "localhost");
    }

    private static void SetDefault(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>The repository root (the folder holding CocktailDb.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CocktailDb.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CocktailDb.sln not found above " + AppContext.BaseDirectory);
    }
}
