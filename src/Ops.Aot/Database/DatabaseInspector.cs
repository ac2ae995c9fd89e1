using Npgsql;

namespace CocktailDb.Ops.Database;

/// <summary>Questions about what a database already holds.</summary>
internal static class DatabaseInspector
{
    /// <summary>
    /// Names of up to <paramref name="limit"/> tables, views or sequences outside the system
    /// schemas: a database with any of them is not empty and must never be "initialised".
    /// </summary>
    public static async Task<List<string>> UserRelationsAsync(NpgsqlConnection connection, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT n.nspname || '.' || c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'
            ORDER BY 1
            LIMIT $1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
