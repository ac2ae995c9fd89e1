namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// PostgreSQL's table-level lock modes, weakest first, so a larger value is a stronger lock
/// (PostgreSQL manual, "Explicit Locking", table 13.2: each mode conflicts with every mode at
/// least as strong as the one it first conflicts with, ACCESS EXCLUSIVE with all of them).
/// </summary>
internal enum LockMode
{
    None,
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
}
