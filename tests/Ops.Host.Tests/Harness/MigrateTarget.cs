using System.Globalization;
using System.Text.RegularExpressions;
using CocktailDb.Ops.Deployment.Tests.Harness;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>
/// `dotnet build -t:Migrate -p:Env=dev` from the repository root against the simulated host:
/// RemoteHost 127.0.0.1, RemotePort the published ssh port, the run's key in COCKTAILDB_SSH_KEY.
/// ssh and scp are the real ones, given this run's client configuration by a two-line wrapper
/// (-p:SshPath/-p:ScpPath): OpenSSH reads ~/.ssh of the passwd entry, and these tests must
/// neither use nor change the machine's own known_hosts.
/// </summary>
internal static partial class MigrateTarget
{
    /// <summary>This suite's obj/, bin/ and published binaries, apart from every other build.</summary>
    public static string ArtifactsPath => RepositoryFiles.File("artifacts", "test-builds", "host");

    /// <param name="sshConfig">The client configuration ssh and scp run with (which host keys they trust).</param>
    /// <param name="migrationsDir">The migrations the published binary embeds (the build's MigrationsDir).</param>
    public static async Task<ProcessResult> RunAsync(SimulatedHost host, string sshConfig, string migrationsDir)
    {
        var tag = Path.GetFileNameWithoutExtension(sshConfig);
        var ssh = Wrapper(host, $"ssh-{tag}", "ssh", sshConfig);
        var scp = Wrapper(host, $"scp-{tag}", "scp", sshConfig);
        return await Dotnet.RunAsync(
            [
                "build", "-t:Migrate", "-nologo", "-nodeReuse:false", "--artifacts-path", ArtifactsPath,
                "-p:Env=dev", "-p:RemoteHost=" + SshClient.Address,
                "-p:RemotePort=" + host.Container.SshPort.ToString(CultureInfo.InvariantCulture),
                "-p:SshPath=" + ssh, "-p:ScpPath=" + scp,
            ],
            // The first build of a run publishes the AOT binary from scratch (minutes on two busy cores).
            TimeSpan.FromMinutes(10),
            new Dictionary<string, string?>
            {
                ["COCKTAILDB_SSH_KEY"] = host.Ssh.PrivateKey,
                // Read by the child `dotnet publish` of the Migrate target as a property, as
                // `dotnet publish -p:MigrationsDir=...` would set it.
                ["MigrationsDir"] = migrationsDir,
            });
    }

    /// <summary>Every OPSB error code the build reported, in order.</summary>
    public static IReadOnlyList<string> ErrorCodes(ProcessResult build) =>
        ErrorCode().Matches(build.Output).Select(m => m.Groups[1].Value).Distinct().ToList();

    private static string Wrapper(SimulatedHost host, string name, string program, string config) =>
        host.Temp.Write(
            name,
            $"#!/bin/sh\n# The real {program}, with the client configuration of this test run.\nexec {program} -F '{config}' \"$@\"\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

    [GeneratedRegex(@"\berror (OPSB\d{4})\b")]
    private static partial Regex ErrorCode();
}
