namespace CocktailDb.Bench.Soak;

/// <summary>What a child-process soak found (<see cref="SoakVerdict.Verdict"/>) and what it did.</summary>
public sealed record SoakResult(int Schedules, SoakVerdict.Verdict Verdict)
{
    public long CheckerRuns { get; init; }

    public long CheckersKilled { get; init; }

    public long ConnectionsTerminated { get; init; }

    public long ServerRestarts { get; init; }

    public long WriterTransactions { get; init; }

    /// <summary>The line the soak ends with (bench/run.sh soak and docs/benchmarks.md quote it).</summary>
    public string Summary => $"soak: {Schedules} schedules, {Verdict.Changes} changes, {Verdict.Lost} lost, {Verdict.Overlapping} overlapping runs";

    public string Details =>
        $"{WriterTransactions} writer transactions; {CheckerRuns} debounce checks ({CheckersKilled} killed with SIGKILL), " +
        $"{Verdict.Details}; {ConnectionsTerminated} connections terminated, {ServerRestarts} server restarts";
}
