using System.Collections.Generic;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// What one statement does to the database, read from its tokens: the locks it takes, what it
/// creates and drops, and the ALTER TABLE subcommands the rules look at. Transient: it never
/// enters a pipeline model.
/// </summary>
internal sealed class ClassifiedStatement
{
    public TableLocks Locks { get; } = new();

    /// <summary>The relation an ALTER TABLE, CREATE INDEX, CLUSTER... acts on.</summary>
    public string? Table { get; set; }

    /// <summary>The subcommands of ALTER TABLE / ALTER VIEW, in order.</summary>
    public List<TableAction> Actions { get; } = new();

    /// <summary>Tables, views and types this statement creates: later statements of the file may lock them freely.</summary>
    public List<string> Created { get; } = new();

    /// <summary>Relations and triggers it creates that outlive the session (columns come from <see cref="Actions"/>).</summary>
    public List<Models.SchemaObjectModel> Leaves { get; } = new();

    /// <summary>Tables and views this statement drops.</summary>
    public List<string> Dropped { get; } = new();

    /// <summary>"table", "view" or "materialized view": what <see cref="Dropped"/> holds.</summary>
    public string DroppedKind { get; set; } = "table";

    /// <summary>CREATE INDEX without CONCURRENTLY (the index is built while writes wait).</summary>
    public bool BuildsIndexBlockingWrites { get; set; }

    /// <summary>The command's name when PostgreSQL refuses to run it inside a transaction block.</summary>
    public string? NotInTransaction { get; set; }

    /// <summary>SET or RESET of a setting that outlives the statement's transaction.</summary>
    public bool SessionSetting { get; set; }

    /// <summary>CREATE INDEX CONCURRENTLY: the index's table, each part quoted (see StatementText.ReadQuotedName).</summary>
    public string? ConcurrentIndexTable { get; set; }

    /// <summary>CREATE INDEX CONCURRENTLY: the index's name as PostgreSQL stores it; empty when the statement lets PostgreSQL choose one.</summary>
    public string? ConcurrentIndexName { get; set; }

    /// <summary>Why the whole statement rewrites <see cref="Table"/> (CLUSTER, VACUUM FULL...), or null.</summary>
    public string? Rewrite { get; set; }

    /// <summary>ALTER TYPE ... ADD VALUE: the enum type and the value it adds.</summary>
    public string? EnumType { get; set; }

    public string? EnumValue { get; set; }
}
