using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint.Rules;

/// <summary>
/// CDB0110: an enum value used in the transaction that added it with ALTER TYPE ... ADD VALUE.
/// Since PostgreSQL 12 ADD VALUE may run in a transaction, but the value cannot be used until
/// it commits ("unsafe use of new value"). Found by the value's text in a later string literal,
/// so plain text that happens to match is reported too (suppress it).
/// </summary>
internal sealed class EnumValueInTransactionRule : LintRule
{
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor => DiagnosticDescriptors.EnumValueUsedInTransaction;

    public override void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report)
    {
        // Naming a new value in another ADD VALUE (BEFORE / AFTER it) is allowed.
        if (!file.Transactional || classified.EnumType is not null)
        {
            return;
        }

        for (var i = 0; i < statement.Count; i++)
        {
            if (statement.IsKind(i, SqlTokenKind.String) && statement.StringValue(i) is { } value && file.AddedEnumValue(value))
            {
                report.Add(Descriptor, statement[i].Start, statement[i].End, value);
            }
        }
    }
}
