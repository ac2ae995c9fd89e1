using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Deployment.Tests.Harness;

/// <summary>
/// The tests that need a database share one PostgreSQL container (xunit wants the collection
/// defined in the assembly that uses it); each test still gets a database of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DeploymentPostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "deployment-postgres";
}
