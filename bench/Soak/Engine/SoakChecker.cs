using System.Globalization;

namespace CocktailDb.Bench.Soak;

/// <summary>
/// The debounce check of one host, run over and over as its timer would (faster), with the
/// stand-in job told at random to succeed, fail, run slowly or overrun its run timeout (waiting,
/// or in a statement that runs on in the database when the job is killed), and the
/// check itself at random killed with SIGKILL together with its job (as systemd kills a
/// service's control group).
/// </summary>
internal sealed class SoakChecker(SoakDatabase database, string binary, string job, int host, int seed, Func<SchedulePlan> plan, SoakCounters counters)
{
    /// <summary>The run timeout of every check: short, so overruns and claim expiry happen often.</summary>
    public const string RunTimeout = "1500ms";

    /// <summary>The wait after a failed job: short, so a schedule's failures do not stall every later one.</summary>
    public const string RetryDelay = "500ms";

    private readonly Random _random = new(seed);

    public async Task RunAsync(CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var p = plan();
            var token = $"s{p.Number}-h{host}-{n}";
            var roll = _random.NextDouble();
            // An overrun is a long wait, or a long statement that runs on in the database after
            // the job is killed; a slow job does both for a while.
            var (statement, wait, exit) = roll < p.JobFailShare ? (0.0, 0.1, 3)
                : roll < p.JobFailShare + p.JobOverrunShare ? (_random.Next(2) == 0 ? (4.0, 0.0, 0) : (0.0, 4.0, 0))
                : roll < p.JobFailShare + p.JobOverrunShare + p.JobSlowShare ? (0.5, 0.5, 0)
                : (0.0, _random.NextDouble() * 0.3, 0);
            await CheckAsync(token, statement, wait, exit, _random.NextDouble() < p.CheckerKillShare);
            try
            {
                await Task.Delay(_random.Next(20, 250), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One check, with every fault off: used to drain the log at the end.</summary>
    public Task<string> CleanCheckAsync(string token) => CheckAsync(token, 0, 0, 0, kill: false);

    private async Task<string> CheckAsync(string token, double statement, double wait, int exit, bool kill)
    {
        string[] arguments =
        [
            "debounce", "--quiet-period", "300ms", "--max-wait", "2s", "--run-timeout", RunTimeout, "--retry-delay", RetryDelay,
            "--run-command", $"{job} {token} {statement.ToString("0.###", CultureInfo.InvariantCulture)} {wait.ToString("0.###", CultureInfo.InvariantCulture)} {exit}",
        ];
        using var check = ChildProcess.Start(binary, arguments, database.Environment(), newProcessGroup: true);
        var output = check.StandardOutput.ReadToEndAsync();
        var errors = check.StandardError.ReadToEndAsync();
        counters.Add(ref counters.CheckerRuns);
        if (kill)
        {
            var exited = check.WaitForExitAsync(CancellationToken.None);
            if (await Task.WhenAny(exited, Task.Delay(_random.Next(0, 1500))) != exited)
            {
                ChildProcess.KillGroup(check);
                counters.Add(ref counters.CheckersKilled);
            }
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await check.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            ChildProcess.KillGroup(check); // a hung check must not hang the soak
            await check.WaitForExitAsync(CancellationToken.None);
        }

        return await output + await errors;
    }
}
