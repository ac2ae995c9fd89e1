namespace CocktailDb.Ops.Generators.Models;

/// <summary>What kind of text a <see cref="SqlToken"/> covers.</summary>
internal enum SqlTokenKind
{
    /// <summary>A keyword or an unquoted identifier.</summary>
    Word,

    /// <summary>A "double-quoted" identifier.</summary>
    QuotedIdentifier,

    /// <summary>A '...' or E'...' string constant.</summary>
    String,

    /// <summary>A $tag$...$tag$ string constant.</summary>
    DollarString,

    /// <summary>A numeric constant.</summary>
    Number,

    /// <summary>A positional parameter such as $1.</summary>
    Parameter,

    /// <summary>Any other single character: ( ) , ; . : = and so on.</summary>
    Punctuation,

    LineComment,

    BlockComment,
}
