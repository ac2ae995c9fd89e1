namespace CocktailDb.Ops.Generators.Models;

/// <summary>A statement found by the splitter.</summary>
/// <param name="Start">Offset of its first character that is neither whitespace nor comment.</param>
/// <param name="Length">Up to the end of its last token: trailing whitespace, comments and the ';' excluded.</param>
/// <param name="Line">1-based line of <paramref name="Start"/>.</param>
/// <param name="Text">The statement's text.</param>
/// <param name="TransactionKeyword">BEGIN, COMMIT, START TRANSACTION... when the statement controls the transaction, else null.</param>
internal readonly record struct SplitStatement(int Start, int Length, int Line, string Text, string? TransactionKeyword);
