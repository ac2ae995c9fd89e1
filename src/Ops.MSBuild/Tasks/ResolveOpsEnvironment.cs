using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;

namespace CocktailDb.Ops.MSBuild.Tasks;

/// <summary>
/// Picks the environment named by -p:Env from the checked-in list
/// (build/environments.props) and applies the command-line overrides
/// (-p:RemoteHost, RemoteUser, RemotePort, RemoteRunAs, RemoteEnvFile). "local" is built in.
/// Every value that will end up in an ssh command line is validated here, before anything runs;
/// an error about a value from environments.props points at that file, for IDEs and CI.
/// </summary>
public sealed partial class ResolveOpsEnvironment : OpsTask
{
    public const string Local = "local";

    public string? Env { get; set; }

    /// <summary>CocktailDbEnvironment items: Include is the name; metadata Host, User, Port, RunAs, EnvFile.</summary>
    public ITaskItem[] Environments { get; set; } = [];

    public string? RemoteHost { get; set; }

    public string? RemoteUser { get; set; }

    public string? RemotePort { get; set; }

    public string? RemoteRunAs { get; set; }

    public string? RemoteEnvFile { get; set; }

    [Output]
    public bool IsLocal { get; private set; }

    [Output]
    public string Host { get; private set; } = string.Empty;

    [Output]
    public string User { get; private set; } = string.Empty;

    /// <summary>Empty: ssh's default (or ~/.ssh/config).</summary>
    [Output]
    public string Port { get; private set; } = string.Empty;

    [Output]
    public string RunAs { get; private set; } = string.Empty;

    [Output]
    public string EnvFile { get; private set; } = string.Empty;

    protected override void ExecuteCore()
    {
        var known = new[] { Local }.Concat(Environments.Select(e => e.ItemSpec)).ToList();
        var env = Env?.Trim();
        if (string.IsNullOrEmpty(env))
        {
            // MSBuild would have read an exported ENV as -p:Env; the targets drop such values.
            var exported = Environment.GetEnvironmentVariable("ENV") is { Length: > 0 } value
                ? $" (the environment variable ENV={value} is not used: only -p:Env picks the database)"
                : string.Empty;
            throw ErrorCodes.Error(ErrorCodes.EnvMissing, $"say which database to migrate: dotnet build -t:Migrate -p:Env=<{string.Join("|", known)}>{exported}.");
        }

        if (string.Equals(env, Local, StringComparison.OrdinalIgnoreCase))
        {
            IsLocal = true;
            LogNormal("environment local: the database in DB_*, -p:EnvFile or -p:Connection, else a throwaway one under artifacts/localdb");
            return;
        }

        var item = Environments.FirstOrDefault(e => string.Equals(e.ItemSpec, env, StringComparison.OrdinalIgnoreCase));
        if (item is null)
        {
            var file = Environments.Select(e => e.GetMetadata("DefiningProjectFullPath")).FirstOrDefault(f => f.Length > 0);
            throw ErrorCodes.Error(
                    ErrorCodes.UnknownEnvironment,
                    $"unknown environment '{env}'; known environments: {string.Join(", ", known)}. Add it to environments.props as a CocktailDbEnvironment item, or pick a known one with -p:Env=.")
                .At(file, file is null ? 0 : LineOf(file, "<CocktailDbEnvironment"));
        }

        Host = Pick(RemoteHost, item, "Host");
        User = Pick(RemoteUser, item, "User");
        Port = Pick(RemotePort, item, "Port");
        RunAs = Pick(RemoteRunAs, item, "RunAs");
        EnvFile = Pick(RemoteEnvFile, item, "EnvFile");

        Require(Host.Length > 0 && !Host.StartsWith('-') && HostPattern().IsMatch(Host), "RemoteHost", Host, "a host name or IP address", item, RemoteHost);
        Require(AccountPattern().IsMatch(User), "RemoteUser", User, "an account name", item, RemoteUser);
        Require(RunAs.Length == 0 || AccountPattern().IsMatch(RunAs), "RemoteRunAs", RunAs, "an account name", item, RemoteRunAs);
        Require(Port.Length == 0 || (int.TryParse(Port, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535), "RemotePort", Port, "a TCP port number", item, RemotePort);
        Require(EnvFile.StartsWith('/') && !EnvFile.Any(char.IsControl), "RemoteEnvFile", EnvFile, "an absolute path on the host", item, RemoteEnvFile);

        LogHigh($"environment {item.ItemSpec}: {User}@{Host}{(Port.Length > 0 ? ":" + Port : string.Empty)}, migrate runs as {(RunAs.Length > 0 ? RunAs : User)} with {EnvFile}");
    }

    private static string Pick(string? overrideValue, ITaskItem item, string metadata) =>
        !string.IsNullOrWhiteSpace(overrideValue) ? overrideValue.Trim() : item.GetMetadata(metadata).Trim();

    /// <summary>Refuses a value; one that came from environments.props points at its item there.</summary>
    private static void Require(bool valid, string property, string value, string what, ITaskItem item, string? overrideValue)
    {
        if (valid)
        {
            return;
        }

        if (!string.IsNullOrWhiteSpace(overrideValue))
        {
            throw ErrorCodes.Error(ErrorCodes.InvalidSetting, $"{property} '{value}' is not {what}; fix -p:{property}.");
        }

        var file = item.GetMetadata("DefiningProjectFullPath");
        throw ErrorCodes.Error(ErrorCodes.InvalidSetting, $"{property} '{value}' of environment {item.ItemSpec} is not {what}; fix it in environments.props, or override it with -p:{property}.")
            .At(file.Length > 0 ? file : null, file.Length > 0 ? LineOf(file, $"Include=\"{item.ItemSpec}\"") : 0);
    }

    /// <summary>The 1-based line of the first occurrence of <paramref name="text"/> in <paramref name="file"/>, or 0.</summary>
    private static int LineOf(string file, string text)
    {
        if (!File.Exists(file))
        {
            return 0;
        }

        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return number;
            }
        }

        return 0;
    }

    [GeneratedRegex(@"^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9][A-Za-z0-9.-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();
}
