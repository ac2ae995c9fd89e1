// Not compiled into Ops.Deployment.Tests any more: OpsBinary (tests/Ops.Tests/Harness) has taken its place. Kept only
// while Ops.Host.Tests compiles this file in; delete it once that project uses the new name.
using System.Xml.Linq;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests.Harness;

/// <summary>
/// The binaries the playbook installs: artifacts/publish/&lt;rid&gt;/cocktaildb-ops, exactly
/// where `dotnet publish src/Ops.Aot/Ops.Aot.csproj -c Release -r &lt;rid&gt; -o
/// artifacts/publish/&lt;rid&gt;` (CI's publish step, and OpsBinary) leaves them.
/// </summary>
internal static class PublishedBinary
{
    /// <summary>The file name the build gives the binary: the CLI project's AssemblyName.</summary>
    public static string FileName { get; } =
        XDocument.Load(Repo.File("src", "Ops.Aot", "Ops.Aot.csproj")).Descendants("AssemblyName").Single().Value;

    public static string PathFor(string rid) => Repo.File("artifacts", "publish", rid, FileName);

    /// <summary>
    /// The binary for <paramref name="rid"/>, published first when it is missing or older than
    /// the sources it is built from. CI publishes both architectures right before the tests,
    /// and Ops.Tests may be publishing into the same folder at the same moment from its own
    /// process: publishing only when needed keeps two builds from writing one output.
    /// </summary>
    public static async Task<string> EnsureAsync(string rid)
    {
        var path = PathFor(rid);
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) < NewestSourceWrite())
        {
            Assert.Equal(path, await OpsBinary.PublishAsync(rid));
        }

        Assert.True(File.Exists(path), $"the build did not produce {path}");
        return path;
    }

    private static DateTime NewestSourceWrite()
    {
        var inputs = new[] { Repo.File("src"), Repo.File("migrations"), Repo.File("infrastructure", "postgres") }
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Append(Repo.File("Directory.Build.props"))
            .Append(Repo.File("Directory.Packages.props"));
        return inputs.Max(File.GetLastWriteTimeUtc);
    }
}
