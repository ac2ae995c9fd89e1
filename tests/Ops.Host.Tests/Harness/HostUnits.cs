using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>systemd on the simulated host: unit properties, drop-ins, and waiting for a unit to reach a state.</summary>
internal sealed class HostUnits(HostShell shell)
{
    public const string DropInDirectory = "/etc/systemd/system";

    /// <summary>`systemctl show` of <paramref name="properties"/> (ActiveState, Result, InvocationID...).</summary>
    public async Task<UnitState> ShowAsync(string unit, params string[] properties)
    {
        var arguments = string.Join(' ', properties.Select(p => "-p " + Shell.Quote(p)));
        var output = await shell.RootCheckedAsync($"systemctl show {arguments} -- {Shell.Quote(unit)}");
        return UnitState.Parse(unit, output);
    }

    /// <summary>
    /// Adds /etc/systemd/system/&lt;unit&gt;.d/&lt;name&gt;.conf and reloads systemd, the way an
    /// operator overrides a shipped unit without editing it.
    /// </summary>
    public async Task InstallDropInAsync(string unit, string name, string text)
    {
        var directory = $"{DropInDirectory}/{unit}.d";
        await shell.RootCheckedAsync(
            $"install -d -m 0755 {Shell.Quote(directory)} && cat > {Shell.Quote($"{directory}/{name}.conf")} && systemctl daemon-reload",
            text);
    }

    public async Task RemoveDropInAsync(string unit, string name) =>
        await shell.RootCheckedAsync($"rm -f {Shell.Quote($"{DropInDirectory}/{unit}.d/{name}.conf")} && systemctl daemon-reload");

    /// <summary>systemctl as root, with its result (exit code and output) for the test to judge.</summary>
    public Task<ProcessResult> SystemctlAsync(params string[] arguments) =>
        shell.RootAsync("systemctl " + Shell.Join(arguments));

    /// <summary>systemctl as <paramref name="user"/> (sudo -u), never asking for a password: polkit decides.</summary>
    public Task<ProcessResult> SystemctlAsAsync(string user, params string[] arguments) =>
        shell.AsUserAsync(user, "systemctl --no-ask-password " + Shell.Join(arguments));

    /// <summary>Polls <paramref name="unit"/> until <paramref name="until"/> holds; fails with the last state after <paramref name="timeout"/>.</summary>
    public async Task<UnitState> WaitAsync(string unit, Func<UnitState, bool> until, TimeSpan timeout, params string[] properties)
    {
        string[] wanted = ["ActiveState", "SubState", "Result", "InvocationID", .. properties];
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var state = await ShowAsync(unit, wanted);
            if (until(state))
            {
                return state;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{unit} did not reach the expected state within {timeout}; last: {state}");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
