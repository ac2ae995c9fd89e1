namespace CocktailDb.Ops.Generators.Tests.Infrastructure;

/// <summary>A file as the build would pass it: path, text, and CocktailDbKind (null: no metadata).</summary>
internal sealed record SqlFile(string Path, string Text, string? Kind)
{
    public static SqlFile Migration(string name, string text) => new("/repo/migrations/" + name, text, "migration");

    public static SqlFile Rollback(string name, string text) => new("/repo/migrations/rollbacks/" + name, text, "rollback");

    public static SqlFile Schema(string text, string name = "schema.sql") => new("/repo/infrastructure/postgres/" + name, text, "schema");
}
