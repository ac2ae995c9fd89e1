using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Database;
using CocktailDb.Ops.Migrations.Manifest;
using Npgsql;

namespace CocktailDb.Ops.Migrations;

/// <summary>
/// A database that has tables but no ledger was set up by other means (by hand, from a schema
/// file of its own): migrate, status and verify refuse it. The refusal says which baseline
/// adopts it, judged from what it already has: the newest embedded migration all of whose
/// tables, columns and triggers (as the build found them) are there.
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

        throw OpsException.Configuration(
            $"database {connection.Database} has tables ({string.Join(", ", relations.Take(5))}{(relations.Count > 5 ? ", ..." : string.Empty)}) " +
            $"but no {Ledger.Table} ledger, so it was set up by other means; cocktaildb-ops will not initialise it over existing data. " +
            await AdviceAsync(connection, embedded, ct));
    }

    /// <summary>Which baseline adopts the database, and why; then what migrate will apply.</summary>
    public static async Task<string> AdviceAsync(NpgsqlConnection connection, IReadOnlyList<MigrationScript> embedded, CancellationToken ct)
    {
        var judged = embedded.Where(m => m.Leaves is { Length: > 0 }).ToList();
        if (judged.Count == 0)
        {
            return "Record what it already contains with 'cocktaildb-ops baseline --version N' (N = the newest migration it has), then run migrate.";
        }

        var missing = await MissingAsync(connection, judged, ct);
        var has = judged.LastOrDefault(m => missing[m].Count == 0);
        var next = judged.FirstOrDefault(m => m.Version > (has?.Version ?? long.MinValue) && missing[m].Count > 0);
        var evidence = has is null
            ? $"it has none of what the embedded migrations create (the first, {judged[0].FileName}, creates {Names(judged[0].Leaves!)})"
            : next is null
                ? $"it already has what every embedded migration creates, up to {has.FileName}"
                : $"it already has what {has.FileName} creates and not what {next.FileName} creates ({Names(missing[next])})";
        var version = has?.Version ?? embedded[0].Version - 1;
        var later = embedded.Where(m => m.Version > version).Select(m => m.Version).ToList();
        return $"Judged by its tables, columns and triggers, {evidence}: adopt it with 'cocktaildb-ops baseline --version {version}', " +
            (later.Count > 0 ? $"then run migrate to apply {string.Join(", ", later)}." : "after which migrate has nothing to apply.");
    }

    /// <summary>For each migration, the objects it leaves that the database does not have.</summary>
    private static async Task<Dictionary<MigrationScript, List<SchemaObject>>> MissingAsync(NpgsqlConnection connection, List<MigrationScript> judged, CancellationToken ct)
    {
        var objects = judged.SelectMany(m => m.Leaves!.Select(o => (Migration: m, Object: o))).ToList();
        // Each list as one text, split by the server: the slim data source sends no arrays.
        // chr(30) separates the items; no identifier holds it.
        await using var command = new NpgsqlCommand(
            """
            SELECT CASE
                WHEN coalesce(o.col, '') <> '' THEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = to_regclass(o.rel) AND a.attname = o.col AND NOT a.attisdropped)
                WHEN coalesce(o.trg, '') <> '' THEN EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = to_regclass(o.rel) AND t.tgname = o.trg)
                ELSE to_regclass(o.rel) IS NOT NULL END
            FROM unnest(string_to_array($1, chr(30)), string_to_array($2, chr(30)), string_to_array($3, chr(30))) WITH ORDINALITY AS o(rel, col, trg, n)
            ORDER BY o.n
            """,
            connection);
        foreach (var part in new Func<SchemaObject, string>[] { o => o.Relation, o => o.Column, o => o.Trigger })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = string.Join('\u001e', objects.Select(o => part(o.Object))) });
        }

        var missing = judged.ToDictionary(m => m, _ => new List<SchemaObject>());
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++)
        {
            if (!reader.GetBoolean(0))
            {
                missing[objects[i].Migration].Add(objects[i].Object);
            }
        }

        return missing;
    }

    private static string Names(IReadOnlyList<SchemaObject> objects) =>
        string.Join(", ", objects.Take(3)) + (objects.Count > 3 ? $" and {objects.Count - 3} more" : string.Empty);
}
