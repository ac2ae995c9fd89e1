using CocktailDb.Ops.Generators.Tests.Infrastructure;

namespace CocktailDb.Ops.Generators.Tests.Lint;

/// <summary>Runs the generator over one migration, as the build would, for the lint tests.</summary>
internal static class LintRun
{
    public const string FileName = "15_migration_change.sql";

    public const string NoTransactionLine = "-- cocktaildb:no-transaction\n";

    /// <summary>A migration that runs in one transaction.</summary>
    public static GeneratorOutput Migration(string sql) => GeneratorHarness.Run(SqlFile.Migration(FileName, sql));

    /// <summary>A migration whose first line is '-- cocktaildb:no-transaction'.</summary>
    public static GeneratorOutput NoTransaction(string sql) => Migration(NoTransactionLine + sql);
}
