using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace CocktailDb.Ops.Tests.Harness;

/// <summary>
/// The published Native AOT binary, as operators get it: artifacts/publish/&lt;rid&gt;/, exactly
/// where `dotnet publish src/Ops.Aot/Ops.Aot.csproj -c Release -r &lt;rid&gt; -o
/// artifacts/publish/&lt;rid&gt;` (CI's publish step) leaves it. Published once per test run
/// (incrementally: a no-change publish takes a couple of seconds), so the tests always run the
/// code in the work tree, never a stale binary. A failed publish fails every test that needs
/// it, once, instead of being retried by each.
/// </summary>
public static class OpsBinary
{
    // Publishes share the machine's two cores and the generator's build output: one at a time.
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Published = new();

    public static string CurrentRid => RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64";

    /// <summary>The file name the build gives the binary: the CLI project's AssemblyName.</summary>
    public static string FileName { get; } =
        XDocument.Load(Path.Combine(TestEnvironment.RepoRoot, "src", "Ops.Aot", "Ops.Aot.csproj")).Descendants("AssemblyName").Single().Value;

    public static string PathFor(string rid) => Path.Combine(TestEnvironment.RepoRoot, "artifacts", "publish", rid, FileName);

    public static Task<string> PathAsync() => PublishAsync(CurrentRid);

    /// <summary>Publishes src/Ops.Aot for <paramref name="rid"/> into artifacts/publish/&lt;rid&gt;/.</summary>
    public static Task<string> PublishAsync(string rid) =>
        Once(rid, Path.GetDirectoryName(PathFor(rid))!, ["-r", rid]);

    /// <summary>
    /// The binary for <paramref name="rid"/>, published first only when it is missing or older
    /// than the sources it is built from: a test project in a process of its own (Ops.Tests may
    /// be publishing into the same folder at the same moment) then never starts a second build
    /// of one output.
    /// </summary>
    public static async Task<string> EnsurePublishedAsync(string rid)
    {
        var path = PathFor(rid);
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) < NewestSourceWrite())
        {
            Assert.Equal(path, await PublishAsync(rid));
        }

        Assert.True(File.Exists(path), $"the build did not produce {path}");
        return path;
    }

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
        await using var otherProcesses = await LockOtherProcessesOutAsync();
        try
        {
            var result = await Dotnet.RunAsync(
                ["publish", "src/Ops.Aot/Ops.Aot.csproj", "-c", "Release", "-o", output, "-nologo", "-v", "q", .. arguments],
                TimeSpan.FromMinutes(8));
            Assert.True(result.ExitCode == 0, $"publish {string.Join(' ', arguments)} failed:\n{result}");
            return Path.Combine(output, FileName);
        }
        finally
        {
            PublishLock.Release();
        }
    }

    /// <summary>
    /// Test projects run in processes of their own, side by side, and each may publish the same
    /// project into the same obj/ folder: two ILCompiler runs over one output crash. An exclusive
    /// lock on a file (flock underneath) keeps them one after another; the second one is then an
    /// incremental no-op.
    /// </summary>
    private static async Task<FileStream> LockOtherProcessesOutAsync()
    {
        var path = Path.Combine(TestEnvironment.RepoRoot, "artifacts", ".publish.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private static DateTime NewestSourceWrite()
    {
        var root = TestEnvironment.RepoRoot;
        var inputs = new[] { "src", "migrations", Path.Combine("infrastructure", "postgres") }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(root, dir), "*", SearchOption.AllDirectories))
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Append(Path.Combine(root, "Directory.Build.props"))
            .Append(Path.Combine(root, "Directory.Packages.props"));
        return inputs.Max(File.GetLastWriteTimeUtc);
    }
}
