namespace CocktailDb.Ops.Generators.Models;

/// <summary>The per-file settings read from a migration's header comments (see HeaderParser).</summary>
/// <param name="LockTimeoutMs"><c>-- cocktaildb:lock-timeout</c> in milliseconds, or <see cref="NotSet"/>.</param>
/// <param name="StatementTimeoutMs"><c>-- cocktaildb:statement-timeout</c> in milliseconds (0: none), or <see cref="NotSet"/>.</param>
internal readonly record struct FileHeaders(long LockTimeoutMs, long StatementTimeoutMs)
{
    public const long NotSet = -1;
}
