using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.MSBuild.Tests.Infrastructure;

/// <summary>
/// `dotnet build -t:&lt;target&gt;` in the repository root, as a developer types it, with one
/// addition: --artifacts-path keeps this suite's obj/, bin/ and published binaries in a folder of
/// their own, so it never races the other test projects (which publish into artifacts/publish)
/// over the same intermediate files. The Migrate target passes the path on to its publish.
/// </summary>
public static class RepositoryBuild
{
    public static string ArtifactsPath { get; } = Path.Combine(TestEnvironment.RepoRoot, "artifacts", "test-builds", "msbuild");

    public static string PublishedBinary(string rid) => Path.Combine(ArtifactsPath, "publish", rid, "cocktaildb-ops");

    public static Task<ProcessResult> RunAsync(string target, IEnumerable<string> properties, IReadOnlyDictionary<string, string?>? environment = null) =>
        Dotnet.RunAsync(
            ["build", "-t:" + target, "-nologo", "--artifacts-path", ArtifactsPath, .. properties.Select(p => "-p:" + p)],
            // The first build of a run publishes the AOT binary from scratch (a minute or two on two busy cores).
            TimeSpan.FromMinutes(10),
            environment);
}

/// <summary>
/// Tests that run the repository build share one collection: one build at a time (they share the
/// artifacts folder and the machine's two cores), one PostgreSQL container.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RepositoryBuildCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "repository-build";
}
