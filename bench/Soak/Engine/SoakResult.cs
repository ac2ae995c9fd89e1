namespace CocktailDb.Bench.Soak;

/// <summary>
/// What a soak found. <see cref="Lost"/>: committed changes that no successful analytics run
/// saw (its snapshot at start did not include them) and that are no longer in the change
/// log. <see cref="ConcurrentRuns"/>: runs whose job started while another run's job was still alive.
/// Both must be 0.
/// </summary>
public sealed record SoakResult(int Schedules, long Changes, long Lost, long ConcurrentRuns)
{
    public long Runs { get; init; }

    /// <summary>When <see cref="ConcurrentRuns"/> is not 0: the overlapping pairs, for the report.</summary>
    public IReadOnlyList<string> Overlaps { get; init; } = [];

    public long SucceededRuns { get; init; }

    public long CheckerRuns { get; init; }

    public long CheckersKilled { get; init; }

    public long ConnectionsTerminated { get; init; }

    public long ServerRestarts { get; init; }

    public long WriterTransactions { get; init; }

    /// <summary>The line the soak ends with (bench/run.sh soak and docs/benchmarks.md quote it).</summary>
    public string Summary => $"soak: {Schedules} schedules, {Changes} changes, {Lost} lost, {ConcurrentRuns} concurrent runs";

    public string Details =>
        $"{WriterTransactions} writer transactions; {CheckerRuns} debounce checks ({CheckersKilled} killed with SIGKILL), " +
        $"{Runs} analytics runs ({SucceededRuns} succeeded); {ConnectionsTerminated} connections terminated, {ServerRestarts} server restarts";
}
