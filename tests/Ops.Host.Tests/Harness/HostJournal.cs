using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>One journal entry of the simulated host, with the fields the tests reason about.</summary>
/// <param name="Unit">UNIT=: the unit systemd's own messages are about ("Starting...", "Failed to start...").</param>
/// <param name="SystemdUnit">_SYSTEMD_UNIT=: the unit whose processes wrote the line.</param>
internal sealed record JournalEntry(DateTimeOffset At, int Priority, string Message, string? Unit, string? SystemdUnit, int? Uid, string Raw)
{
    /// <summary>Any other field of the entry (JOB_TYPE, JOB_RESULT, _CMDLINE...), null when absent.</summary>
    public string? Field(string name)
    {
        using var document = JsonDocument.Parse(Raw);
        return document.RootElement.TryGetProperty(name, out var value) ? HostJournal.Decode(value) : null;
    }
}

/// <summary>The simulated host's journal, read with journalctl as root.</summary>
internal sealed class HostJournal(HostShell shell)
{
    /// <summary>
    /// Entries `journalctl <paramref name="arguments"/>` selects (e.g. "-u", unit, "-p", "err",
    /// "--since", "@1700000000"). A container shares this machine's kernel and so its boot id:
    /// "-b" cannot tell the host's boots apart, the time the container started can. Each entry
    /// keeps its whole JSON record in <see cref="JournalEntry.Raw"/>, every field (command lines
    /// included), for the checks that nothing secret was logged.
    /// </summary>
    public async Task<IReadOnlyList<JournalEntry>> ReadAsync(params string[] arguments)
    {
        var output = await shell.RootCheckedAsync("journalctl --no-pager --output=json " + Shell.Join(arguments), timeout: TimeSpan.FromMinutes(2));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
    }

    /// <summary>
    /// journalctl's selection of sshd's lines: OpenSSH 9 logs logins as "sshd" (bookworm),
    /// OpenSSH 10 from its per-connection "sshd-session" process (trixie).
    /// </summary>
    public static readonly string[] Sshd = ["-t", "sshd", "-t", "sshd-session"];

    /// <summary>journalctl's --since for an exact moment: "@" and seconds since the epoch.</summary>
    public static string Since(DateTimeOffset at) =>
        "@" + (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    private static JournalEntry Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        string? Text(string field) => root.TryGetProperty(field, out var value) ? Decode(value) : null;
        var microseconds = long.Parse(Text("__REALTIME_TIMESTAMP")!, CultureInfo.InvariantCulture);
        return new JournalEntry(
            DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10),
            int.TryParse(Text("PRIORITY"), NumberStyles.None, CultureInfo.InvariantCulture, out var priority) ? priority : 6,
            Text("MESSAGE") ?? string.Empty,
            Text("UNIT"),
            Text("_SYSTEMD_UNIT"),
            int.TryParse(Text("_UID"), NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : null,
            line);
    }

    // journalctl writes a field that is not valid UTF-8 as an array of byte values.
    internal static string Decode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array when value.EnumerateArray().All(b => b.ValueKind == JsonValueKind.Number) =>
            Encoding.UTF8.GetString(value.EnumerateArray().Select(b => (byte)b.GetInt32()).ToArray()),
        _ => value.ToString(),
    };
}
