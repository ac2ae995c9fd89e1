using System.Text;
using CocktailDb.Ops.MSBuild.Remote;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// One ssh connection before anything is built for the host: it proves the host key is known
/// and the login works, and asks the host what later steps need, so a mistake costs seconds
/// instead of a cross-compile. The host's architecture picks the .NET runtime to publish for
/// (the fleet has x86_64 and Graviton, aarch64); the temporary folder must be writable; the
/// ssh user must be allowed to run commands as the service account without a password
/// (<c>sudo -n -u cocktaildb true</c>); that account must be able to read the env file.
/// </summary>
public sealed class CheckRemoteHost : RemoteTask
{
    private const string Marker = "cocktaildb-check:";

    /// <summary>The account migrate runs as; empty (or the ssh user) runs without sudo.</summary>
    public string? RunAs { get; set; }

    [Required]
    public string RemoteEnvFile { get; set; } = string.Empty;

    public string RemoteTempDir { get; set; } = "/tmp";

    [Output]
    public string RuntimeIdentifier { get; private set; } = string.Empty;

    // $1 the temporary folder, $2 the account to sudo to (empty: none), $3 the env file.
    // Each answer is one "cocktaildb-check: key=value" line; a login banner may come first.
    private const string Script =
        "echo \"" + Marker + " machine=$(uname -m)\"\n" +
        "if [ -d \"$1\" ] && [ -w \"$1\" ]; then echo \"" + Marker + " tempdir=ok\"; else echo \"" + Marker + " tempdir=unusable\"; fi\n" +
        "if [ -n \"$2\" ]; then\n" +
        "  if said=$(sudo -n -u \"$2\" true 2>&1); then echo \"" + Marker + " sudo=ok\"; else echo \"" + Marker + " sudo=refused $said\"; exit 0; fi\n" +
        "  if sudo -n -u \"$2\" test -r \"$3\"; then echo \"" + Marker + " envfile=ok\"; else echo \"" + Marker + " envfile=unreadable\"; fi\n" +
        "elif [ -r \"$3\" ]; then echo \"" + Marker + " envfile=ok\"; else echo \"" + Marker + " envfile=unreadable\"; fi\n";

    protected override void ExecuteCore()
    {
        var tempDir = RemoteTempDirectory.Validate(RemoteTempDir);
        var runAs = string.IsNullOrEmpty(RunAs) || RunAs == User ? string.Empty : RunAs;
        var outcome = Ssh(["sh", "-c", Script, "sh", tempDir, runAs, RemoteEnvFile], "the host check");
        var answers = outcome.Lines
            .Where(l => l.StartsWith(Marker, StringComparison.Ordinal))
            .Select(l => l[Marker.Length..].Trim().Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);

        var machine = answers.GetValueOrDefault("machine", string.Empty);
        RuntimeIdentifier = outcome.ExitCode == 0 ? FromMachine(machine) ?? string.Empty : string.Empty;
        if (RuntimeIdentifier.Length == 0)
        {
            throw ErrorCodes.Error(
                ErrorCodes.UnsupportedArchitecture,
                $"{Remote.Destination} reports architecture '{machine}' (uname -m, exit {outcome.ExitCode}{(answers.Count == 0 ? ": " + outcome.Tail(3) : string.Empty)}); cocktaildb-ops is published for x86_64 (linux-x64) and aarch64 (linux-arm64) only.");
        }

        if (answers.GetValueOrDefault("tempdir") != "ok")
        {
            throw ErrorCodes.Error(
                ErrorCodes.RemoteTempDirUnusable,
                $"{tempDir} on {Remote.Destination} is not a folder {User} can write to; pick another with -p:RemoteTempDir=/var/tmp.");
        }

        if (answers.GetValueOrDefault("sudo") is { } sudo && sudo != "ok")
        {
            throw ErrorCodes.Error(
                ErrorCodes.SudoRefused,
                $"sudo on {Remote.Destination} refused to run commands as {runAs} without a password ({sudo["refused".Length..].Trim()}); nothing was copied or run. " +
                $"Let {User} run commands as {runAs} without a password (EC2's ec2-user may by default; elsewhere a sudoers rule such as '{User} ALL=({runAs}) NOPASSWD: ALL'), or name another account with -p:RemoteRunAs.");
        }

        if (answers.GetValueOrDefault("envfile") != "ok")
        {
            throw ErrorCodes.Error(
                ErrorCodes.RemoteEnvFileUnreadable,
                $"{(runAs.Length > 0 ? runAs : User)} cannot read {RemoteEnvFile} on {Remote.Destination} (missing, or not readable by that account). " +
                "The deploy playbook makes it readable by the cocktaildb group (mode 0640); a new host needs it written first (docs/runbook.md, \"First deploy to a new host\"), or point at another file with -p:RemoteEnvFile.");
        }

        var checks = new StringBuilder($"{Remote.Destination} is {machine}: publishing cocktaildb-ops for {RuntimeIdentifier}");
        checks.Append($"; {tempDir} writable");
        if (runAs.Length > 0)
        {
            checks.Append($", sudo to {runAs} allowed");
        }

        checks.Append($", {RemoteEnvFile} readable");
        LogHigh(checks.ToString());
    }

    /// <summary>uname -m to runtime identifier; null for an architecture there is no binary for.</summary>
    public static string? FromMachine(string machine) => machine switch
    {
        "x86_64" or "amd64" => "linux-x64",
        "aarch64" or "arm64" => "linux-arm64",
        _ => null,
    };
}
