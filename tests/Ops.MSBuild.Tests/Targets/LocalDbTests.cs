using System.Net.Sockets;
using CocktailDb.Ops.MSBuild.Tests.Infrastructure;
using CocktailDb.Ops.Tests.Harness;
using Npgsql;

namespace CocktailDb.Ops.MSBuild.Tests.Targets;

/// <summary>
/// Env=local with nothing configured: the build starts a throwaway PostgreSQL of its own with
/// the machine's initdb and pg_ctl (as the cocktaildb-localdb account when run as root). The
/// cluster goes into a folder of this test's own under /tmp (every account can traverse it),
/// instead of the repository's artifacts/localdb that a developer may be using.
/// </summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed class LocalDbTests
{
    [Fact]
    public async Task With_nothing_configured_Env_local_starts_a_throwaway_cluster_keeps_it_running_and_LocalDbStop_and_LocalDbReset_end_it()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cocktaildb-msbuild-tests", Guid.NewGuid().ToString("N"), "localdb");
        string[] properties = ["Env=local", "LocalDbDir=" + dir];
        try
        {
            // The first run in a terminal, as a newcomer runs it: the screen says where the database is.
            var first = await RepositoryBuild.RunInTerminalAsync("Migrate", properties);
            var screen = first.Screen.LogicalLines;
            Assert.True(first.ExitCode == 0, first.ToString());
            Assert.Contains(screen, l => l.StartsWith("starting the throwaway PostgreSQL on 127.0.0.1:", StringComparison.Ordinal));
            var port = PortFrom(first.Screen.Text);
            Assert.Contains($"throwaway database: postgresql://cocktaildb@127.0.0.1:{port}/cocktaildb, kept in {dir} (password in {Path.Combine(dir, "password")}; -t:LocalDbStop stops it, -t:LocalDbReset wipes it)", screen);
            Assert.Contains($"[local] database cocktaildb on 127.0.0.1:{port} as cocktaildb", screen);
            Assert.Contains(screen, l => l.StartsWith("[local] empty database: installed schema.sql", StringComparison.Ordinal));
            Assert.Contains(screen, l => l.StartsWith($"[local] applied 0, skipped {RepositoryFiles.Migrations.Count} already applied", StringComparison.Ordinal));
            Assert.Contains(screen, l => l.StartsWith("Build succeeded in ", StringComparison.Ordinal));
            var password = File.ReadAllText(Path.Combine(dir, "password")).Trim();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "password")));
            Assert.Equal(RepositoryFiles.Migrations.Count, await CountLedgerRowsAsync(port, password));

            var second = await RepositoryBuild.RunAsync("Migrate", properties);
            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.DoesNotContain("starting the throwaway PostgreSQL", second.StdOut);
            Assert.Equal(port, PortFrom(second.StdOut));
            Assert.Contains($"[local] applied 0, skipped {RepositoryFiles.Migrations.Count} already applied", second.StdOut);
            Assert.DoesNotContain(password, first.Raw + second.Output);

            var stop = await RepositoryBuild.RunAsync("LocalDbStop", ["LocalDbDir=" + dir]);
            Assert.True(stop.ExitCode == 0, stop.ToString());
            Assert.Contains("stopped the throwaway PostgreSQL", stop.StdOut);
            await Assert.ThrowsAsync<SocketException>(() => new TcpClient().ConnectAsync("127.0.0.1", port));
            Assert.True(File.Exists(Path.Combine(dir, "data", "PG_VERSION")));
        }
        finally
        {
            var reset = await RepositoryBuild.RunAsync("LocalDbReset", ["LocalDbDir=" + dir]);
            Assert.True(reset.ExitCode == 0, reset.ToString());
            Assert.False(Directory.Exists(dir));
        }
    }

    private static int PortFrom(string output)
    {
        const string marker = "throwaway database: postgresql://cocktaildb@127.0.0.1:";
        var start = output.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        Assert.True(start > marker.Length, output);
        return int.Parse(output[start..output.IndexOf('/', start)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> CountLedgerRowsAsync(int port, string password)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "cocktaildb", Password = password, Database = "cocktaildb", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM schema_migrations", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
