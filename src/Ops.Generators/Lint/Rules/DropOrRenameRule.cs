using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint.Rules;

/// <summary>
/// CDB0109: DROP or RENAME of a table, view or column that existed before the migration. The
/// application version running during and right after the deploy may still query it. Rollback
/// scripts are exempt: undoing what a migration added is their purpose, and the application
/// version they go back to never used it.
/// </summary>
internal sealed class DropOrRenameRule : LintRule
{
    public override Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor => DiagnosticDescriptors.DropOrRenameInUse;

    public override void Check(StatementText statement, ClassifiedStatement classified, FileState file, LintReport report)
    {
        if (file.Kind != SqlFileKind.Migration)
        {
            return;
        }

        foreach (var dropped in classified.Dropped)
        {
            if (!file.IsNew(dropped))
            {
                report.Add(Descriptor, StartOf(statement), EndOf(statement), "drops " + classified.DroppedKind + " " + dropped, dropped);
            }
        }

        if (classified.Table is not { } table || file.IsNew(table))
        {
            return;
        }

        foreach (var action in classified.Actions)
        {
            var what = action.Kind switch
            {
                TableActionKind.DropColumn => "drops column {0}",
                TableActionKind.RenameColumn => "renames column {0}",
                TableActionKind.RenameRelation => "renames {0}",
                TableActionKind.SetSchema => "moves {0} to another schema",
                _ => null,
            };
            if (what is not null)
            {
                var name = action.Column is { } column ? table + "." + column : table;
                report.Add(Descriptor, action.Start, action.End, what.Replace("{0}", name), name);
            }
        }
    }
}
