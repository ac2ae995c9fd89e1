using System.Runtime.InteropServices;

namespace CocktailDb.Ops.Tests.Harness;

/// <summary>
/// The published Native AOT binary, as operators get it. Published once per test run
/// (incrementally: a no-change publish takes a couple of seconds), so the tests always run
/// the code in the work tree, never a stale binary.
/// </summary>
public static class OpsBinary
{
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static readonly Dictionary<string, string> Published = [];

    public static Task<string> PathAsync() => PublishAsync(CurrentRid);

    /// <summary>Publishes src/Ops.Aot for <paramref name="rid"/> into artifacts/publish/&lt;rid&gt;/.</summary>
    public static async Task<string> PublishAsync(string rid)
    {
        await PublishLock.WaitAsync();
        try
        {
            if (Published.TryGetValue(rid, out var known))
            {
                return known;
            }

            var output = Path.Combine(TestEnvironment.RepoRoot, "artifacts", "publish", rid);
            var result = await Dotnet.RunAsync(
                ["publish", "src/Ops.Aot/Ops.Aot.csproj", "-c", "Release", "-r", rid, "-o", output, "-nologo", "-v", "q"],
                TimeSpan.FromMinutes(8));
            Assert.True(result.ExitCode == 0, "publish failed:\n" + result);
            var path = Path.Combine(output, "cocktaildb-ops");
            Published[rid] = path;
            return path;
        }
        finally
        {
            PublishLock.Release();
        }
    }

    /// <summary>
    /// Publishes the binary with another project's migrations embedded (-p:MigrationsDir), as
    /// an operator of another project would, into artifacts/test-builds/&lt;name&gt;/.
    /// </summary>
    public static async Task<string> PublishWithMigrationsAsync(string name, string migrationsDir, string schemaFile)
    {
        await PublishLock.WaitAsync();
        try
        {
            var key = "custom:" + name;
            if (Published.TryGetValue(key, out var known))
            {
                return known;
            }

            var root = Path.Combine(TestEnvironment.RepoRoot, "artifacts", "test-builds", name);
            var output = Path.Combine(root, "publish");
            var result = await Dotnet.RunAsync(
                ["publish", "src/Ops.Aot/Ops.Aot.csproj", "-c", "Release", "-r", CurrentRid, "-o", output, "--artifacts-path", root, "-nologo", "-v", "q",
                 $"-p:MigrationsDir={migrationsDir}", $"-p:SchemaFile={schemaFile}"],
                TimeSpan.FromMinutes(8));
            Assert.True(result.ExitCode == 0, $"publish with {migrationsDir} failed:\n" + result);
            var path = Path.Combine(output, "cocktaildb-ops");
            Published[key] = path;
            return path;
        }
        finally
        {
            PublishLock.Release();
        }
    }

    public static string CurrentRid => RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64";

    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        await ProcessRunner.RunAsync(await PathAsync(), arguments, environment, timeout: TimeSpan.FromMinutes(2));

    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(null, arguments);
}
