using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace CocktailDb.Ops.Tests.Harness;

/// <summary>
/// The published Native AOT binary, as operators get it. Published once per test run
/// (incrementally: a no-change publish takes a couple of seconds), so the tests always run
/// the code in the work tree, never a stale binary. A failed publish fails every test that
/// needs it, once, instead of being retried by each.
/// </summary>
public static class OpsBinary
{
    // Publishes share the machine's two cores and the generator's build output: one at a time.
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Published = new();

    public static string CurrentRid => RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64";

    public static Task<string> PathAsync() => PublishAsync(CurrentRid);

    /// <summary>Publishes src/Ops.Aot for <paramref name="rid"/> into artifacts/publish/&lt;rid&gt;/.</summary>
    public static Task<string> PublishAsync(string rid) =>
        Once(rid, Path.Combine(TestEnvironment.RepoRoot, "artifacts", "publish", rid), ["-r", rid]);

    /// <summary>
    /// Publishes the binary with another project's migrations embedded (-p:MigrationsDir), as
    /// an operator of another project would, into artifacts/test-builds/&lt;name&gt;/.
    /// </summary>
    public static Task<string> PublishWithMigrationsAsync(string name, string migrationsDir, string schemaFile)
    {
        var root = Path.Combine(TestEnvironment.RepoRoot, "artifacts", "test-builds", name);
        return Once(
            "custom:" + name,
            Path.Combine(root, "publish"),
            ["-r", CurrentRid, "--artifacts-path", root, $"-p:MigrationsDir={migrationsDir}", $"-p:SchemaFile={schemaFile}"]);
    }

    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        await ProcessRunner.RunAsync(await PathAsync(), arguments, environment, timeout: TimeSpan.FromMinutes(2));

    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    private static Task<string> Once(string key, string output, string[] arguments) =>
        Published.GetOrAdd(key, _ => new Lazy<Task<string>>(() => PublishCoreAsync(output, arguments))).Value;

    private static async Task<string> PublishCoreAsync(string output, string[] arguments)
    {
        await PublishLock.WaitAsync();
        try
        {
            var result = await Dotnet.RunAsync(
                ["publish", "src/Ops.Aot/Ops.Aot.csproj", "-c", "Release", "-o", output, "-nologo", "-v", "q", .. arguments],
                TimeSpan.FromMinutes(8));
            Assert.True(result.ExitCode == 0, $"publish {string.Join(' ', arguments)} failed:\n{result}");
            return Path.Combine(output, "cocktaildb-ops");
        }
        finally
        {
            PublishLock.Release();
        }
    }
}
