namespace CocktailDb.Ops.Generators.Models;

/// <summary>One token of PostgreSQL script text, as offsets into that text.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Start">Offset of its first character (the E of E'...').</param>
/// <param name="Length">Up to its end; an unterminated token runs to the end of the text.</param>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length)
{
    public int End => Start + Length;

    public bool IsComment => Kind is SqlTokenKind.LineComment or SqlTokenKind.BlockComment;
}
