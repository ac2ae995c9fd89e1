using System.Diagnostics;
using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.Tests.Migrations;

/// <summary>
/// A migration on a live site: a reader holds ACCESS SHARE on accounts in an open transaction
/// while migration 5 (an event insert, then ALTER TABLE accounts) runs.
/// </summary>
[Collection(LiveSitePostgresCollection.Name)]
public sealed class LockTimeoutTests(PostgresServer server)
{
    private const string Holder = "live-site reader";

    // A migration waiting for its lock, seen from outside.
    private const string MigrationWaits =
        """
        SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE NOT l.granted AND a.datname = current_database() AND a.application_name LIKE 'cocktaildb-ops migrate%'
        """;

    [Fact]
    public async Task An_alter_blocks_other_readers_no_longer_than_the_lock_timeout_and_succeeds_on_a_retry_once_the_holder_commits()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "4")).ExitCode);
        await using var holder = await OpenAsync(db, Holder);
        await using var transaction = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, "SELECT count(*) FROM accounts");
        await using var reader = await OpenAsync(db, "live-site third session");

        var migrate = LiveSiteProject.RunAsync(db, "migrate", "--target", "5", "--ddl-lock-timeout", "1s", "--lock-retries", "30", "--lock-retry-max-wait", "300ms");
        await db.WaitUntilAsync(MigrationWaits);
        // Queued behind the ALTER's ACCESS EXCLUSIVE request until that gives up.
        var read = Stopwatch.StartNew();
        await ExecuteAsync(reader, "SELECT count(*) FROM accounts");
        read.Stop();
        // The read is done, so the first try has given up: a wait seen now is a retry.
        await db.WaitUntilAsync(MigrationWaits);
        await transaction.CommitAsync();
        var result = await migrate;

        Assert.True(read.Elapsed < TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(1.5), $"a read waited {read.Elapsed} behind the migration");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("5_alter_accounts.sql, statement 2 of 2 (line 3) waited 1.0s (the lock timeout, from --ddl-lock-timeout) for AccessExclusiveLock on accounts", result.StdOut);
        Assert.Contains($"held by pid {holder.ProcessID} ('{Holder}' from ", result.StdOut);
        Assert.Contains("holding AccessShareLock", result.StdOut);
        Assert.Contains("rolled back, nothing of it applied. Try 2 of 31 in ", result.StdOut);
        Assert.Contains("applied 5_alter_accounts.sql (one transaction)", result.StdOut);
        Assert.Single(await LiveSiteProject.EventsAsync(db), e => e == "5 ran");
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'email'"));
    }

    [Fact]
    public async Task A_migration_that_never_gets_its_lock_exits_8_naming_the_holder_with_nothing_of_it_applied()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "4")).ExitCode);
        await using var holder = await OpenAsync(db, Holder);
        await using var transaction = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, "SELECT count(*) FROM accounts");

        var result = await LiveSiteProject.RunAsync(db, "migrate", "--ddl-lock-timeout", "300ms", "--lock-retries", "2", "--lock-retry-max-wait", "100ms");

        Assert.True(result.ExitCode == 8, result.ToString());
        Assert.Contains("Try 2 of 3", result.StdOut);
        Assert.Contains("Try 3 of 3", result.StdOut);
        Assert.Contains("5_alter_accounts.sql, statement 2 of 2 (line 3) waited 300ms (the lock timeout, from --ddl-lock-timeout) for AccessExclusiveLock on accounts", result.StdErr);
        Assert.Contains($"held by pid {holder.ProcessID} ('{Holder}' from ", result.StdErr);
        Assert.Contains("idle in transaction, transaction started ", result.StdErr);
        Assert.Contains("last query started ", result.StdErr);
        Assert.Contains("Gave up after 3 tries (--lock-retries 2): nothing of 5_alter_accounts.sql was applied.", result.StdErr);
        Assert.Contains($"pg_terminate_backend({holder.ProcessID})", result.StdErr);
        Assert.DoesNotContain("5 ran", await LiveSiteProject.EventsAsync(db));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'email'"));
        Assert.Equal(4L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.DoesNotContain("applied 6_", result.StdOut);
    }

    [Fact]
    public async Task A_lock_timeout_header_in_the_file_wins_over_the_option_for_that_file()
    {
        var db = await server.CreateDatabaseAsync();
        Assert.Equal(0, (await LiveSiteProject.RunAsync(db, "migrate", "--target", "5")).ExitCode);
        await using var holder = await OpenAsync(db, Holder);
        await using var transaction = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, "SELECT count(*) FROM accounts");

        var clock = Stopwatch.StartNew();
        var result = await LiveSiteProject.RunAsync(db, "migrate", "--ddl-lock-timeout", "1m", "--lock-retries", "0");

        Assert.True(result.ExitCode == 8, result.ToString());
        Assert.Contains("6_alter_with_header.sql, statement 1 of 1 (line 2) waited 200ms (the lock timeout, from its -- cocktaildb:lock-timeout header)", result.StdErr);
        Assert.Contains("Gave up after 1 try (--lock-retries 0)", result.StdErr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}: the option's minute applied, not the header's 200ms");
    }

    [Fact]
    public async Task A_bad_lock_option_is_a_configuration_error_naming_the_option()
    {
        var db = await server.CreateDatabaseAsync();

        var zero = await LiveSiteProject.RunAsync(db, "migrate", "--ddl-lock-timeout", "0s");
        var bare = await LiveSiteProject.RunAsync(db, "migrate", "--statement-timeout", "30");

        Assert.Equal(6, zero.ExitCode);
        Assert.Contains("--ddl-lock-timeout '0s' would let the migration wait for its locks without limit", zero.StdErr);
        Assert.Equal(6, bare.ExitCode);
        Assert.Contains("--statement-timeout '30' is not a duration", bare.StdErr);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    private static async Task<NpgsqlConnection> OpenAsync(TestDatabase db, string applicationName)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = applicationName, CommandTimeout = 30 }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
