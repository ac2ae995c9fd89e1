using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Database;

/// <summary>Exit 5 for every way a connection can fail, with host and port named and no password shown.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConnectionFailureTests(PostgresServer server)
{
    [Fact]
    public async Task A_server_that_is_down_gives_exit_5_naming_host_and_port_but_not_the_password()
    {
        var port = ClosedLoopbackPort();
        var env = new Dictionary<string, string?>
        {
            ["DB_HOST"] = "127.0.0.1", ["DB_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DB_USER"] = "postgres", ["DB_PASSWORD"] = "do-not-print-me", ["DB_NAME"] = "cocktaildb",
        };

        var result = await OpsBinary.RunAsync(env, "migrate");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains($"cannot connect to 127.0.0.1:{port}", result.StdErr);
        Assert.DoesNotContain("do-not-print-me", result.Output);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_gives_exit_5_within_the_connect_timeout()
    {
        var db = await server.CreateDatabaseAsync();
        var env = db.Environment();
        var connection = $"Host={server.Host};Port={server.Port};Username=postgres;Database={db.Name};Timeout=2";
        await Docker("pause", server.ContainerId);
        ProcessResult result;
        var clock = Stopwatch.StartNew();
        try
        {
            result = await OpsBinary.RunAsync(new Dictionary<string, string?> { ["DB_PASSWORD"] = env["DB_PASSWORD"] }, "status", "--connection", connection);
        }
        finally
        {
            await Docker("unpause", server.ContainerId);
        }

        Assert.Equal(5, result.ExitCode);
        Assert.Contains($"cannot connect to {server.Host}:{server.Port}", result.StdErr);
        Assert.DoesNotContain(PostgresServer.Password, result.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"gave up only after {clock.Elapsed} with a 2 s connect timeout");
    }

    [Fact]
    public async Task A_wrong_password_gives_exit_5_with_postgresqls_message()
    {
        var db = await server.CreateDatabaseAsync();
        var env = db.Environment();
        env["DB_PASSWORD"] = "wrong-secret-value";

        var result = await OpsBinary.RunAsync(env, "status");

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("password authentication failed for user \"postgres\"", result.StdErr);
        Assert.DoesNotContain("wrong-secret-value", result.Output);
    }

    [Theory]
    [InlineData("DB_HOST")]
    [InlineData("DB_PORT")]
    [InlineData("DB_USER")]
    [InlineData("DB_PASSWORD")]
    [InlineData("DB_NAME")]
    public async Task A_missing_setting_gives_exit_6_naming_the_variable(string missing)
    {
        var db = await server.CreateDatabaseAsync();
        var env = db.Environment();
        env[missing] = null;

        var result = await OpsBinary.RunAsync(env, "status", "--env-file", "/dev/null");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains($"{missing} is not set", result.StdErr);
        Assert.DoesNotContain(PostgresServer.Password, result.Output);
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed
    }

    private static async Task Docker(string verb, string container)
    {
        var result = await ProcessRunner.RunAsync("docker", [verb, container]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
