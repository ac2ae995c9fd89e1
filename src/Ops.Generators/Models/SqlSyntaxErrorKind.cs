namespace CocktailDb.Ops.Generators.Models;

internal enum SqlSyntaxErrorKind
{
    UnterminatedString,
    UnterminatedQuotedIdentifier,
    UnterminatedBlockComment,
    UnterminatedDollarQuote,
    UnterminatedAtomicBody,
}
