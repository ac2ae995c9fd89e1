namespace CocktailDb.Bench.Soak;

/// <summary>Counts kept while the soak runs, for its report.</summary>
internal sealed class SoakCounters
{
    public long WriterTransactions;
    public long CheckerRuns;
    public long CheckersKilled;
    public long ConnectionsTerminated;
    public long ServerRestarts;

    public void Add(ref long counter) => Interlocked.Increment(ref counter);
}
