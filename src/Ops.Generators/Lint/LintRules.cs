using CocktailDb.Ops.Generators.Lint.Rules;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>Every lint rule, in the order their findings are reported for one statement.</summary>
internal static class LintRules
{
    public static readonly LintRule[] All =
    {
        new CreateIndexRule(),
        new NotInTransactionRule(),
        new ConstraintWithoutNotValidRule(),
        new ValidateInSameTransactionRule(),
        new SetNotNullRule(),
        new AlterColumnTypeRule(),
        new TableRewriteRule(),
        new IndexUnderAccessExclusiveRule(),
        new DropOrRenameRule(),
        new EnumValueInTransactionRule(),
    };

    /// <summary>The rule with this diagnostic id, or null.</summary>
    public static LintRule? Find(string id)
    {
        foreach (var rule in All)
        {
            if (rule.Descriptor.Id == id)
            {
                return rule;
            }
        }

        return null;
    }
}
