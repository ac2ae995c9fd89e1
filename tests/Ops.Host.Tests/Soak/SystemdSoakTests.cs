using System.Globalization;
using Xunit.Abstractions;

namespace CocktailDb.Ops.Host.Tests.Soak;

/// <summary>
/// The fault soak on the systemd path, three hosts against one PostgreSQL, short here (6
/// schedules; `bash bench/run.sh soak-systemd` runs the long one through this same test):
/// no committed change may be lost and no two runs' database work may overlap, and each of the
/// soak's mutants must be caught by the part of the verdict that is there to see it.
/// COCKTAILDB_SOAK_SCHEDULES, COCKTAILDB_SOAK_MUTANT_SCHEDULES and COCKTAILDB_SOAK_SEED set the
/// size and the seed.
/// </summary>
[Collection(SoakClusterCollection.Name)]
public sealed class SystemdSoakTests(SoakCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Random_faults_on_three_hosts_lose_no_change_and_overlap_no_runs_and_every_mutant_is_caught()
    {
        var schedules = Setting("COCKTAILDB_SOAK_SCHEDULES", 6);
        var mutantSchedules = Setting("COCKTAILDB_SOAK_MUTANT_SCHEDULES", 4);
        var seed = Setting("COCKTAILDB_SOAK_SEED", Environment.TickCount & int.MaxValue);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var product = await new SystemdSoak(cluster, FaultMix.Random, seed, output.WriteLine).RunAsync(schedules);
        output.WriteLine($"seed {seed}, product: {product.Verdict.Details}; {product.Faults}; {product.Verdict.Failures}");
        Assert.True(product.Verdict.Passed, $"the product failed the soak (seed {seed}): {product.Verdict.Failures}; {product.Verdict.Details}; {product.Faults}");

        var caught = 0;
        foreach (var mutant in SoakMutants.All)
        {
            await mutant.Install(cluster);
            SystemdSoakResult result;
            try
            {
                result = await new SystemdSoak(cluster, mutant.Mix, seed, output.WriteLine).RunAsync(mutantSchedules);
            }
            finally
            {
                await mutant.Remove(cluster);
            }

            output.WriteLine($"mutant '{mutant.Name}': {result.Verdict.Failures}; {result.Verdict.Details}; {result.Faults}");
            Assert.True(mutant.CaughtBy(result.Verdict), $"the soak did not catch the mutant '{mutant.Name}' (seed {seed}): {result.Verdict.Failures}; {result.Verdict.Details}; {result.Faults}");
            caught++;
        }

        var v = product.Verdict;
        output.WriteLine($"{clock.Elapsed.TotalMinutes:0.0} min");
        output.WriteLine(
            $"soak: {product.Schedules} schedules, {v.Changes} changes, {v.Lost} lost, {v.Overlapping} overlapping runs, " +
            $"{caught} of {SoakMutants.All.Count} mutants caught");
    }

    private static int Setting(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
