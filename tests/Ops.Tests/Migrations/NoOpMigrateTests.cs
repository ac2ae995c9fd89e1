using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>
/// What a migrate of an up-to-date database (every deploy that brings no migration) asks the
/// server, read from the server's own statement log: taking the lock and reading the ledger,
/// sent together, and nothing else: no probe of the ledger's shape, no unlock (the session's
/// end releases it), no error.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NoOpMigrateTests(PostgresServer server)
{
    [Fact]
    public async Task A_no_op_migrate_sends_only_the_lock_and_the_ledger_read_and_the_server_logs_no_error()
    {
        var db = await server.CreateDatabaseAsync();
        var binary = await OpsBinary.PathAsync();
        var install = await ProcessRunner.RunAsync(binary, ["migrate"], db.Environment());
        Assert.True(install.ExitCode == 0, install.ToString());
        await db.ExecuteAsync($"ALTER DATABASE {db.Name} SET log_statement = 'all'");
        var marker = $"no-op marker {Guid.NewGuid():N}";
        // This session may predate the ALTER (a pooled connection): it logs the marker by its own SET.
        await db.ExecuteAsync($"SET log_statement = 'all'; SELECT '{marker}'");

        var noOp = await ProcessRunner.RunAsync(binary, ["migrate"], db.Environment());

        Assert.True(noOp.ExitCode == 0, noOp.ToString());
        Assert.Contains("applied 0,", noOp.StdOut);
        var logs = await ProcessRunner.RunAsync("docker", ["logs", server.ContainerId]);
        var serverLog = (logs.StdOut + logs.StdErr).Split('\n');
        var after = serverLog.SkipWhile(l => !l.Contains(marker, StringComparison.Ordinal)).Skip(1).ToList();
        // The migrate's own session: the backend that took the lock (other collections' servers are other containers).
        var lockLine = Assert.Single(after, l => l.Contains("pg_try_advisory_lock", StringComparison.Ordinal));
        var backend = lockLine[lockLine.IndexOf('[', StringComparison.Ordinal)..(lockLine.IndexOf(']', StringComparison.Ordinal) + 1)];
        var session = after.Where(l => l.Contains(backend, StringComparison.Ordinal)).ToList();
        var statements = session.Where(l => l.Contains("LOG:  execute", StringComparison.Ordinal) || l.Contains("LOG:  statement:", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(": ", l.IndexOf("LOG:", StringComparison.Ordinal) + 5, StringComparison.Ordinal) + 2)..].Trim())
            .ToList();
        Assert.Equal(
            ["SELECT pg_try_advisory_lock($1)", "SELECT filename, applied_at, checksum, checksum_algorithm, method, execution_ms FROM schema_migrations"],
            statements);
        Assert.DoesNotContain(session, l => l.Contains("ERROR:", StringComparison.Ordinal));
    }
}
