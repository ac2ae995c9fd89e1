using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Database;

/// <summary>The harness itself: a real server, a database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresHarnessTests(PostgresServer server)
{
    [Fact]
    public async Task Each_test_gets_an_empty_database_of_its_own_on_a_real_server()
    {
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();

        await first.ExecuteAsync("CREATE TABLE probe (id int PRIMARY KEY); INSERT INTO probe VALUES (1);");

        Assert.Equal(1L, await first.ScalarAsync<long>("SELECT count(*) FROM probe"));
        Assert.Equal(0L, await second.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        var expectedMajor = server.Image.EndsWith(":17", StringComparison.Ordinal) ? "17" : "15";
        Assert.StartsWith(expectedMajor + ".", await first.ScalarAsync<string>("SHOW server_version"));
        Assert.Equal("localhost", server.Host);
    }
}
