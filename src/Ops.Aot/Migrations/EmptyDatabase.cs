using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// A database without a ledger. An empty one gets the embedded schema file whole, its ledger
/// and a baseline row for every migration the schema contains (or, without a schema file,
/// every migration from the first). One with tables was set up by other means and is refused.
/// </summary>
internal static class EmptyDatabase
{
    /// <summary>Whether the database has no ledger and nothing else: a fresh install.</summary>
    /// <exception cref="OpsException">Exit 6 when it has tables; exit 2 when --target is below the schema file's version.</exception>
    public static async Task<bool> IsFreshAsync(NpgsqlConnection connection, LedgerShape shape, MigrationScript? schema, IReadOnlyList<MigrationScript> embedded, long? target, CancellationToken ct)
    {
        if (shape != LedgerShape.Missing)
        {
            return false;
        }

        await Adoption.RefuseTablesWithoutLedgerAsync(connection, embedded, ct);
        if (schema is not null && target < schema.Version)
        {
            throw OpsException.Usage(
                $"database {connection.Database} is empty, and it gets {schema.FileName} whole, which already contains the migrations up to {schema.Version}: " +
                $"--target {target} cannot be met. Run migrate without --target (or with --target {schema.Version} or later) to install it.");
        }

        return true;
    }

    /// <summary>The install, as a run: the schema's statements, then the ledger and the rows of the migrations it contains.</summary>
    public static ScriptRun Install(MigrationScript schema, IReadOnlyList<MigrationScript> embedded) =>
        new(
            schema,
            () => [.. Ledger.CreateCommands(), .. Contained(schema, embedded).Select(m => Ledger.Insert(m.FileName, m.Checksum, LedgerMethod.Schema))],
            $"empty database: installed {schema.FileName} (schema version {schema.Version}) and baselined the migrations it contains");

    /// <summary>The ledger as it will be once <see cref="Install"/> has run.</summary>
    public static List<LedgerRow> RowsAfterInstall(MigrationScript? schema, IReadOnlyList<MigrationScript> embedded) =>
        schema is null
            ? []
            : Contained(schema, embedded).Select(m => new LedgerRow(m.FileName, null, m.Checksum, Shared.MigrationChecksum.Algorithm, LedgerMethod.Schema, null)).ToList();

    private static IEnumerable<MigrationScript> Contained(MigrationScript schema, IReadOnlyList<MigrationScript> embedded) =>
        embedded.Where(m => m.Version <= schema.Version);
}
