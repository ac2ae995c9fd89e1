namespace CocktailDb.Bench.Soak;

/// <summary>The random make-up of one schedule: how many writers, how the jobs behave, which faults how often.</summary>
internal sealed record SchedulePlan(
    int Number,
    TimeSpan Length,
    int Writers,
    double SavepointShare,
    double LongTransactionShare,
    double JobFailShare,
    double JobOverrunShare,
    double JobSlowShare,
    double CheckerKillShare,
    double TerminateShare)
{
    public const int MaxWriters = 4;

    public static SchedulePlan Draw(int number, Random random, SoakOptions options) => new(
        number,
        options.ShortestSchedule + (options.LongestSchedule - options.ShortestSchedule) * random.NextDouble(),
        random.Next(1, MaxWriters + 1),
        random.NextDouble() * 0.4,
        random.NextDouble() * 0.2,
        random.NextDouble() * 0.2,
        random.NextDouble() * 0.15,
        random.NextDouble() * 0.3,
        random.NextDouble() * 0.25,
        random.NextDouble() * 0.5);
}
