using System.Text.RegularExpressions;
using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Tests.Lint;

/// <summary>
/// `migrate --dry-run` shows the lock each pending statement takes, worked out when the binary
/// was built. The test builds the real binary with Fixtures/lock-column, reads the lock column
/// from its output, then runs every statement on a real PostgreSQL inside a transaction that is
/// rolled back and compares with what pg_locks shows.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class DryRunLockTests(PostgresServer server)
{
    private static string Folder => Path.Combine(TestEnvironment.RepoRoot, "tests", "Ops.Tests", "Fixtures", "lock-column");

    private static Task<string> BinaryAsync() =>
        OpsBinary.PublishWithMigrationsAsync("lock-column", Path.Combine(Folder, "migrations"), Path.Combine(Folder, "no-schema.sql"));

    [GeneratedRegex(@"^  line (\d+): ([^:]*): (.*)$", RegexOptions.Multiline)]
    private static partial Regex LockLine();

    [Fact]
    public async Task A_dry_run_shows_for_each_statement_the_locks_postgresql_takes_for_it()
    {
        var db = await server.CreateDatabaseAsync();
        var binary = await BinaryAsync();
        var setup = await ProcessRunner.RunAsync(binary, ["migrate", "--target", "1"], db.Environment());
        Assert.True(setup.ExitCode == 0, setup.ToString());

        var dryRun = await ProcessRunner.RunAsync(binary, ["migrate", "--dry-run"], db.Environment());

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        var changes = dryRun.StdOut[dryRun.StdOut.IndexOf("would apply 2_changes.sql", StringComparison.Ordinal)..dryRun.StdOut.IndexOf("would apply 3_concurrently.sql", StringComparison.Ordinal)];
        var shown = LockLine().Matches(changes).ToDictionary(m => int.Parse(m.Groups[1].Value), m => m.Groups[2].Value);
        var statements = File.ReadAllLines(Path.Combine(Folder, "migrations", "2_changes.sql"));
        Assert.Equal(statements.Length, shown.Count);
        for (var i = 0; i < statements.Length; i++)
        {
            var taken = await LocksTakenAsync(db, statements[i].TrimEnd(';'));
            Assert.True(
                Parse(shown[i + 1]).OrderBy(p => p.Key).SequenceEqual(taken.OrderBy(p => p.Key)),
                $"line {i + 1}: {statements[i]}\n  dry run: {shown[i + 1]}\n  server:  {string.Join(", ", taken.Select(p => p.Value + " on " + p.Key))}");
        }

        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations")); // the dry run applied nothing
    }

    [Fact]
    public async Task With_show_sql_each_statement_is_headed_by_its_locks()
    {
        var db = await server.CreateDatabaseAsync();
        var binary = await BinaryAsync();
        Assert.Equal(0, (await ProcessRunner.RunAsync(binary, ["migrate", "--target", "1"], db.Environment())).ExitCode);

        var dryRun = await ProcessRunner.RunAsync(binary, ["migrate", "--dry-run", "--show-sql"], db.Environment());

        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains(
            "would apply 3_concurrently.sql (no transaction, 1 statements)\n" +
            "  -- statement 1, line 2, locks: SHARE UPDATE EXCLUSIVE on users\n" +
            "  CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);\n",
            dryRun.StdOut.ReplaceLineEndings("\n"));
    }

    /// <summary>"ACCESS EXCLUSIVE on a, b; SHARE on c" as relation → mode; "no table lock" is none.</summary>
    private static Dictionary<string, string> Parse(string shown)
    {
        var locks = new Dictionary<string, string>();
        if (shown == "no table lock")
        {
            return locks;
        }

        foreach (var group in shown.Split("; "))
        {
            var on = group.IndexOf(" on ", StringComparison.Ordinal);
            foreach (var relation in group[(on + 4)..].Split(", "))
            {
                locks[relation] = group[..on];
            }
        }

        return locks;
    }

    /// <summary>Runs the statement in a transaction that is rolled back; the strongest lock it held on each relation that existed before it.</summary>
    private static async Task<Dictionary<string, string>> LocksTakenAsync(TestDatabase db, string statement)
    {
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        long[] before;
        await using (var existing = new NpgsqlCommand("SELECT array_agg(oid::bigint) FROM pg_class WHERE relnamespace = 'public'::regnamespace", connection, transaction))
        {
            before = (long[])(await existing.ExecuteScalarAsync())!;
        }

        await using (var run = new NpgsqlCommand(statement, connection, transaction))
        {
            await run.ExecuteNonQueryAsync();
        }

        // Tables, views and materialized views only: the indexes a statement touches are not shown.
        const string Query = """
            SELECT c.relname, l.mode
            FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
              AND c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
              AND c.oid::bigint = ANY(@before)
            """;
        var strongest = new Dictionary<string, int>();
        await using (var read = new NpgsqlCommand(Query, connection, transaction) { Parameters = { new("before", before) } })
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var rank = Array.IndexOf(Modes, reader.GetString(1));
                var relation = reader.GetString(0);
                strongest[relation] = Math.Max(strongest.GetValueOrDefault(relation, -1), rank);
            }
        }

        await transaction.RollbackAsync();
        return strongest.ToDictionary(p => p.Key, p => Names[p.Value]);
    }

    private static readonly string[] Modes =
    [
        "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
        "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock",
    ];

    private static readonly string[] Names =
    [
        "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
        "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE",
    ];
}
