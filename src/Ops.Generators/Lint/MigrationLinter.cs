using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// Lints one file, statement by statement in file order: classifies each statement (its locks
/// and what its runner needs go into the manifest), runs every rule, then applies the file's
/// suppression comments.
/// Per file on purpose: "created earlier in the same file" and "in the same transaction" are
/// questions about one file, so editing a migration re-lints that file only.
/// </summary>
internal static class MigrationLinter
{
    public static LintResult Run(
        string sql,
        EquatableArray<SplitStatement> statements,
        SqlFileKind kind,
        bool noTransaction,
        string fileName,
        NormalizedTextLocator locator)
    {
        var tokens = SqlLexer.Tokenize(sql);
        var lines = new LineIndex(sql);
        var perStatement = new List<SqlToken>[statements.Count];
        for (var k = 0; k < perStatement.Length; k++)
        {
            perStatement[k] = new List<SqlToken>();
        }

        var suppressions = new List<Suppression>();
        var next = 0;
        foreach (var token in tokens)
        {
            while (next < statements.Count && token.Start >= End(statements[next]))
            {
                next++;
            }

            var inside = next < statements.Count && token.Start >= statements[next].Start;
            if (token.IsComment)
            {
                if (Suppression.TryRead(sql, token.Start, token.End) is { } suppression)
                {
                    suppression.Statement = inside ? next : Owner(statements, next, token.Start, lines);
                    suppressions.Add(suppression);
                }
            }
            else if (inside)
            {
                perStatement[next].Add(token);
            }
        }

        // The schema is loaded in one transaction whatever its first line says.
        var file = new FileState(kind, transactional: !noTransaction || kind == SqlFileKind.Schema);
        var report = new LintReport();
        var classifiedStatements = new ClassifiedStatement[statements.Count];
        var leaves = new SchemaObjects();
        for (var k = 0; k < statements.Count; k++)
        {
            var statement = new StatementText(sql, perStatement[k]);
            var classified = StatementClassifier.Classify(statement);
            classifiedStatements[k] = classified;
            report.Statement = k;
            foreach (var rule in LintRules.All)
            {
                rule.Check(statement, classified, file, report);
            }

            file.Record(classified);
            leaves.Record(classified);
        }

        return new LintResult(classifiedStatements, leaves.ToArray(), Diagnose(report.Findings, suppressions, fileName, locator));
    }

    private static List<DiagnosticInfo> Diagnose(List<LintFinding> findings, List<Suppression> suppressions, string fileName, NormalizedTextLocator locator)
    {
        var located = new List<(int Start, DiagnosticInfo Diagnostic)>();
        foreach (var finding in findings)
        {
            if (IsSuppressed(finding, suppressions))
            {
                continue;
            }

            var args = new string[finding.Args.Length + 1];
            args[0] = fileName;
            finding.Args.CopyTo(args, 1);
            located.Add((finding.Start, DiagnosticInfo.Create(finding.Descriptor, locator.Locate(finding.Start, finding.End - finding.Start), args)));
        }

        foreach (var suppression in suppressions)
        {
            var where = locator.Locate(suppression.Start, suppression.End - suppression.Start);
            if (suppression.Reason.Length == 0)
            {
                located.Add((suppression.Start, DiagnosticInfo.Create(DiagnosticDescriptors.SuppressionWithoutReason, where, fileName, string.Join(", ", suppression.Ids))));
            }

            if (suppression.Ids.Count == 0)
            {
                located.Add((suppression.Start, DiagnosticInfo.Create(DiagnosticDescriptors.UnknownSuppression, where, fileName, "(no id)", SuppressibleIds())));
            }

            foreach (var id in suppression.Ids)
            {
                var rule = LintRules.Find(id);
                if (rule is null || !rule.Suppressible)
                {
                    located.Add((suppression.Start, DiagnosticInfo.Create(DiagnosticDescriptors.UnknownSuppression, where, fileName, id, SuppressibleIds())));
                }
                else if (suppression.Reason.Length > 0 && !suppression.Used.Contains(id))
                {
                    located.Add((suppression.Start, DiagnosticInfo.Create(DiagnosticDescriptors.UnusedSuppression, where, fileName, id)));
                }
            }
        }

        // Stable, in file order: the build output reads top to bottom.
        located.Sort((a, b) => a.Start.CompareTo(b.Start));
        var diagnostics = new List<DiagnosticInfo>(located.Count);
        foreach (var (_, diagnostic) in located)
        {
            diagnostics.Add(diagnostic);
        }

        return diagnostics;
    }

    private static bool IsSuppressed(LintFinding finding, List<Suppression> suppressions)
    {
        var id = finding.Descriptor.Id;
        if (LintRules.Find(id) is not { Suppressible: true })
        {
            return false;
        }

        foreach (var suppression in suppressions)
        {
            if (suppression.Statement == finding.Statement && suppression.Reason.Length > 0 && suppression.Ids.Contains(id))
            {
                suppression.Used.Add(id);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A comment between statements covers the next one, except a comment on the line where the
    /// previous statement ends: that one is about the statement before it.
    /// </summary>
    private static int Owner(EquatableArray<SplitStatement> statements, int next, int commentStart, LineIndex lines)
    {
        if (next > 0 && lines.LineOf(commentStart) == lines.LineOf(End(statements[next - 1]) - 1))
        {
            return next - 1;
        }

        return next < statements.Count ? next : -1;
    }

    private static int End(SplitStatement statement) => statement.Start + statement.Length;

    private static string SuppressibleIds()
    {
        var ids = new List<string>();
        foreach (var rule in LintRules.All)
        {
            if (rule.Suppressible)
            {
                ids.Add(rule.Descriptor.Id);
            }
        }

        return string.Join(", ", ids);
    }
}
