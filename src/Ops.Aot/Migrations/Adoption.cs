using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// A database that has tables but no ledger was set up by other means (by hand, from another
/// schema file): migrate, status and verify refuse it, and the refusal says how to adopt it.
/// </summary>
internal static class Adoption
{
    /// <exception cref="OpsException">Exit 6 when the database has tables; nothing when it is empty.</exception>
    public static async Task RefuseTablesWithoutLedgerAsync(NpgsqlConnection connection, IReadOnlyList<MigrationScript> embedded, CancellationToken ct)
    {
        var relations = await DatabaseInspector.UserRelationsAsync(connection, 6, ct);
        if (relations.Count == 0)
        {
            return;
        }

        var newest = embedded.Count > 0 ? embedded[^1].Version : 0;
        throw OpsException.Configuration(
            $"database {connection.Database} has tables ({string.Join(", ", relations.Take(5))}{(relations.Count > 5 ? ", ..." : string.Empty)}) " +
            $"but no {Ledger.Table} ledger, so it was set up by other means; cocktaildb-ops will not initialise it over existing data. " +
            $"Record what it already contains with 'cocktaildb-ops baseline --version N' (N = the newest migration it has, e.g. {newest}), then run migrate.");
    }
}
