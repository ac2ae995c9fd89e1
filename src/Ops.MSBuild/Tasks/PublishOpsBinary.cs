using CocktailDb.Ops.MSBuild.Processes;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// Publishes src/Ops.Aot (the cocktaildb-ops Native AOT binary) for one runtime with a
/// separate <c>dotnet publish</c>, exactly as CI and the tests do: a child process restores for
/// that runtime on its own, and its incremental build leaves an unchanged binary untouched
/// (a no-change publish takes a couple of seconds and does not relink).
/// </summary>
public sealed class PublishOpsBinary : OpsTask
{
    [Required]
    public string ProjectPath { get; set; } = string.Empty;

    /// <summary>linux-x64 or linux-arm64.</summary>
    [Required]
    public string RuntimeIdentifier { get; set; } = string.Empty;

    [Required]
    public string PublishDir { get; set; } = string.Empty;

    /// <summary>--artifacts-path of the outer build, passed on so that builds with separate artifacts never share obj/.</summary>
    public string? ArtifactsPath { get; set; }

    /// <summary>The dotnet host running this build (DOTNET_HOST_PATH); "dotnet" from PATH when empty.</summary>
    public string? DotnetPath { get; set; }

    [Output]
    public string BinaryPath { get; private set; } = string.Empty;

    protected override void ExecuteCore()
    {
        BinaryPath = Path.Combine(PublishDir, "cocktaildb-ops");
        var before = File.Exists(BinaryPath) ? File.GetLastWriteTimeUtc(BinaryPath) : (DateTime?)null;
        List<string> arguments = ["publish", ProjectPath, "-c", "Release", "-r", RuntimeIdentifier, "-o", PublishDir, "-nologo", "-v", "q", "-clp:NoSummary"];
        if (!string.IsNullOrEmpty(ArtifactsPath))
        {
            arguments.AddRange(["--artifacts-path", ArtifactsPath]);
        }

        var options = new ProcessOptions { WorkingDirectory = Path.GetDirectoryName(ProjectPath) };
        // The child resolves its SDK from global.json like any build; these would pin it to the
        // outer build's MSBuild instead.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH" })
        {
            options.Environment[name] = null;
        }

        LogHigh($"publishing cocktaildb-ops for {RuntimeIdentifier} (Native AOT: the first time takes a few minutes)");
        var outcome = Processes.Run(string.IsNullOrEmpty(DotnetPath) ? "dotnet" : DotnetPath, arguments, options);
        if (outcome.ExitCode != 0 || !File.Exists(BinaryPath))
        {
            var hint = RuntimeIdentifier == "linux-arm64"
                ? " Cross-publishing for linux-arm64 needs clang and the arm64 sysroot: apt-get install clang zlib1g-dev binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross (README.md, \"Build machine\")."
                : " Native AOT needs clang (or gcc) and zlib1g-dev: apt-get install clang zlib1g-dev (README.md, \"Build machine\").";
            throw ErrorCodes.Error(ErrorCodes.PublishFailed, $"dotnet publish of cocktaildb-ops for {RuntimeIdentifier} failed (exit {outcome.ExitCode}):\n{outcome.Tail(20)}\n{hint}".TrimEnd());
        }

        var unchanged = before == File.GetLastWriteTimeUtc(BinaryPath);
        LogHigh(unchanged ? $"cocktaildb-ops for {RuntimeIdentifier} is up to date: {BinaryPath}" : $"published cocktaildb-ops for {RuntimeIdentifier}: {BinaryPath}");
    }
}
