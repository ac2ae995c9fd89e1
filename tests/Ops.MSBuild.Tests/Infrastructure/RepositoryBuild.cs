using CocktailDb.Ops.MSBuild.Processes;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.MSBuild.Tests.Infrastructure;

/// <summary>
/// `dotnet build -t:&lt;target&gt;` of the repository, as a developer types it, with one
/// addition: --artifacts-path keeps this suite's obj/, bin/ and published binaries in a folder of
/// their own, so it never races the other test projects (which publish into artifacts/publish)
/// over the same intermediate files. The Migrate target passes the path on to its publish.
/// </summary>
public static class RepositoryBuild
{
    /// <summary>The width of the pseudo-terminal of <see cref="RunInTerminalAsync"/>.</summary>
    public const int TerminalWidth = 120;

    // The first build of a run publishes the AOT binary from scratch (a minute or two on two busy cores).
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static string ArtifactsPath { get; } = Path.Combine(TestEnvironment.RepoRoot, "artifacts", "test-builds", "msbuild");

    /// <summary>The binary the Migrate target published for <paramref name="rid"/>.</summary>
    public static string TargetBinary(string rid) => Path.Combine(ArtifactsPath, "publish", rid, "cocktaildb-ops");

    /// <summary>Runs the build with its output in a pipe (MSBuild's console logger, as in CI).</summary>
    /// <param name="workingDirectory">Where dotnet build runs; the repository root when null (else the solution is named).</param>
    public static Task<ProcessResult> RunAsync(string target, IEnumerable<string> properties, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        ProcessRunner.RunAsync("dotnet", Arguments(target, properties, workingDirectory), Environment(environment), workingDirectory ?? TestEnvironment.RepoRoot, Timeout);

    /// <summary>
    /// Runs the build in a pseudo-terminal (util-linux script) of <see cref="TerminalWidth"/>
    /// columns with TERM=xterm-256color, so dotnet build picks its default for a real terminal,
    /// the terminal logger. A terminal without a size counts as no terminal, hence the stty.
    /// </summary>
    public static async Task<TerminalBuild> RunInTerminalAsync(string target, IEnumerable<string> properties, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var command = $"stty cols {TerminalWidth} rows 50 && exec {ShellWords.Join(["dotnet", .. Arguments(target, properties, workingDirectory)])}";
        var env = Environment(environment);
        env["TERM"] = "xterm-256color";
        env["MSBUILDTERMINALLOGGER"] = null;
        // dotnet test sets this for the processes it starts, and it turns the terminal logger off.
        env["MSBUILDENSURESTDOUTFORTASKPROCESSES"] = null;
        // So does any of the variables by which MSBuild recognises a CI server: the terminal here
        // stands for a developer's, wherever the tests run.
        foreach (var name in CiMarkers)
        {
            env[name] = null;
        }

        var result = await ProcessRunner.RunAsync("script", ["-qec", command, "/dev/null"], env, workingDirectory ?? TestEnvironment.RepoRoot, Timeout);
        return new TerminalBuild(result.ExitCode, new TerminalScreen(result.StdOut, TerminalWidth), result.StdOut);
    }

    // The names MSBuild 18 reads to tell a CI server (each of them alone turns the terminal logger off).
    private static readonly string[] CiMarkers =
    [
        "CI", "GITHUB_ACTIONS", "COPILOT_API_URL", "BUILD_ID", "BUILDKITE", "CIRCLECI", "TEAMCITY_VERSION",
        "TF_BUILD", "APPVEYOR", "TRAVIS", "GITLAB_CI", "JENKINS_URL", "BAMBOO_BUILD_NUMBER",
    ];

    private static List<string> Arguments(string target, IEnumerable<string> properties, string? workingDirectory)
    {
        List<string> arguments = ["build"];
        if (workingDirectory is not null)
        {
            arguments.Add(Path.Combine(TestEnvironment.RepoRoot, "CocktailDb.sln"));
        }

        arguments.AddRange(["-t:" + target, "-nologo", "--artifacts-path", ArtifactsPath, .. properties.Select(p => "-p:" + p)]);
        return arguments;
    }

    /// <summary>What a nested dotnet needs, without the developer's ssh key or ENV, then <paramref name="extra"/>.</summary>
    private static Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?>? extra)
    {
        var env = Dotnet.Environment(new Dictionary<string, string?> { ["COCKTAILDB_SSH_KEY"] = null, ["ENV"] = null });
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        return env;
    }
}

/// <summary>A build run in a pseudo-terminal: its exit code and what the terminal shows at the end.</summary>
public sealed record TerminalBuild(int ExitCode, TerminalScreen Screen, string Raw)
{
    /// <summary>For assertion messages: the screen as the user sees it.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- screen\n{Screen.Text}";
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
