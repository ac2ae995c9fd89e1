using Npgsql;

namespace CocktailDb.Bench.Soak;

/// <summary>
/// One writer of the seven watched tables, as the API would be: short and long transactions,
/// savepoints rolled back or released, whole transactions rolled back, TRUNCATE and COPY. Every
/// write that changed a row also inserts its transaction id into soak_commits, in the same
/// savepoint, so soak_commits holds exactly the committed changes. Errors (a dropped
/// connection, a lock timeout, a server restart) roll back and reconnect: whatever committed is
/// in soak_commits, whatever did not is not.
/// </summary>
/// <param name="committed">Called after each transaction, committed or rolled back.</param>
internal sealed class SoakWriter(SoakDatabase database, int id, int seed, Func<SchedulePlan> plan, Action committed)
{
    private readonly Random _random = new(seed);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (id >= plan().Writers)
            {
                await Pause(200, stop);
                continue;
            }

            try
            {
                await using var connection = await database.OpenAsync($"soak-writer-{id}", stop);
                await using (var setup = new NpgsqlCommand("SET lock_timeout = '2s'", connection))
                {
                    await setup.ExecuteNonQueryAsync(stop);
                }

                while (!stop.IsCancellationRequested && id < plan().Writers)
                {
                    await TransactionAsync(connection, stop);
                    committed();
                    await Pause(_random.Next(0, 30), stop);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException || (ex is OperationCanceledException && !stop.IsCancellationRequested))
            {
                await Pause(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task TransactionAsync(NpgsqlConnection connection, CancellationToken stop)
    {
        var p = plan();
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        var operations = _random.Next(1, 5);
        for (var i = 0; i < operations; i++)
        {
            if (_random.NextDouble() < p.SavepointShare)
            {
                await ExecuteAsync(connection, "SAVEPOINT s");
                await OperationAsync(connection);
                await ExecuteAsync(connection, _random.Next(2) == 0 ? "ROLLBACK TO SAVEPOINT s" : "RELEASE SAVEPOINT s");
            }
            else
            {
                await OperationAsync(connection);
            }

            if (_random.NextDouble() < p.LongTransactionShare)
            {
                await Task.Delay(_random.Next(50, 800), CancellationToken.None); // a long transaction holds its snapshot and locks
            }
        }

        if (_random.NextDouble() < 0.1)
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        else
        {
            await transaction.CommitAsync(CancellationToken.None);
        }
    }

    /// <summary>One write to a watched table; its transaction id is noted only when it changed something.</summary>
    private async Task OperationAsync(NpgsqlConnection connection)
    {
        var roll = _random.NextDouble();
        long changed;
        if (roll < 0.02)
        {
            changed = await ExecuteAsync(connection, "TRUNCATE recipe_tags") + 1; // a statement trigger: noted even when empty
        }
        else if (roll < 0.05)
        {
            changed = await CopyRatingsAsync(connection);
        }
        else
        {
            var recipe = _random.Next(1, 11);
            var token = $"w{id}-{_random.Next()}";
            var sql = _random.Next(9) switch
            {
                0 => "UPDATE recipes SET description = $1 WHERE id = $2",
                1 => "UPDATE ingredients SET description = $1 WHERE id = 1 + $2 % 5",
                2 => "UPDATE units SET abbreviation = $1 WHERE id = 1 + $2 % 5",
                3 => "UPDATE tags SET created_by = $1 WHERE id = 1 + $2 % 5",
                4 => "UPDATE recipe_ingredients SET amount = length($1) WHERE recipe_id = $2",
                5 => "INSERT INTO ratings (recipe_id, user_id, rating) VALUES ($2, $1, 4)",
                6 => "DELETE FROM ratings WHERE id = (SELECT min(id) FROM ratings WHERE recipe_id = $2 AND user_id <> 'seed') AND $1 <> ''",
                7 => "INSERT INTO recipe_tags (recipe_id, tag_id) VALUES ($2, 1 + length($1) % 5) ON CONFLICT DO NOTHING",
                _ => "UPDATE recipes SET name = name WHERE id = $2 AND $1 <> ''",
            };
            await using var command = new NpgsqlCommand(sql, connection)
            {
                Parameters = { new NpgsqlParameter { Value = token }, new NpgsqlParameter { Value = recipe } },
            };
            changed = await command.ExecuteNonQueryAsync(CancellationToken.None);
            if (sql.Contains("ON CONFLICT", StringComparison.Ordinal))
            {
                changed = 1; // the BEFORE INSERT trigger fires even when the row then conflicts
            }
        }

        if (changed > 0)
        {
            await ExecuteAsync(connection, "INSERT INTO soak_commits VALUES (pg_current_xact_id())");
        }
    }

    private async Task<long> CopyRatingsAsync(NpgsqlConnection connection)
    {
        var rows = _random.Next(1, 200);
        var prefix = $"copy-{id}-{_random.Next()}-";
        await using (var import = await connection.BeginBinaryImportAsync("COPY ratings (recipe_id, user_id, rating) FROM STDIN (FORMAT BINARY)", CancellationToken.None))
        {
            for (var i = 0; i < rows; i++)
            {
                await import.StartRowAsync(CancellationToken.None);
                await import.WriteAsync(1 + i % 10, NpgsqlTypes.NpgsqlDbType.Integer, CancellationToken.None);
                await import.WriteAsync(prefix + i, NpgsqlTypes.NpgsqlDbType.Text, CancellationToken.None);
                await import.WriteAsync((short)(1 + i % 5), NpgsqlTypes.NpgsqlDbType.Smallint, CancellationToken.None);
            }

            await import.CompleteAsync(CancellationToken.None);
        }

        return rows;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static async Task Pause(int milliseconds, CancellationToken stop)
    {
        try
        {
            await Task.Delay(milliseconds, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
