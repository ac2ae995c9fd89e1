namespace CocktailDb.Ops.Tests.Harness;

/// <summary>Tests in this collection share one PostgreSQL container.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}

/// <summary>
/// A second container, so the slow scenario tests (crashes, concurrent runners) run beside
/// the others instead of after them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ScenarioPostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres-scenarios";
}

/// <summary>A third container for the analytics refresh tests, which mostly wait for quiet periods.</summary>
[CollectionDefinition(Name)]
public sealed class AnalyticsPostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres-analytics";
}

/// <summary>A container of its own for the fault soak, which restarts its server.</summary>
[CollectionDefinition(Name)]
public sealed class SoakPostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres-soak";
}

/// <summary>
/// A container for the live-site tests (lock timeouts, retries, session state, interrupted
/// no-transaction migrations), which mostly wait on purpose.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LiveSitePostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres-live-site";
}
