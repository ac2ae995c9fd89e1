using System.Reflection;
using CocktailDb.Ops.Generators.Lint;
using CocktailDb.Ops.Generators.Models;
using Microsoft.CodeAnalysis.Text;

namespace CocktailDb.Ops.Generators.Tests.Lint;

/// <summary>
/// A generator that throws loses the whole manifest, so the lint must survive any text: here
/// every statement the other lint tests use, cut after each of its tokens.
/// </summary>
public class RobustnessTests
{
    public static TheoryData<string, bool> Modes => new()
    {
        { nameof(SqlFileKind.Migration), false },
        { nameof(SqlFileKind.Migration), true },
        { nameof(SqlFileKind.Rollback), false },
        { nameof(SqlFileKind.Schema), false },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Every_prefix_of_every_test_statement_lints_without_an_exception(string fileKind, bool noTransaction)
    {
        var kind = Enum.Parse<SqlFileKind>(fileKind);
        var statements = Corpus().ToList();
        Assert.True(statements.Count > 100, $"only {statements.Count} statements found");

        foreach (var statement in statements)
        {
            foreach (var token in SqlLexer.Tokenize(statement))
            {
                var prefix = statement[..token.End];
                var split = SqlSplitter.Split(prefix);
                if (split.Errors.Count > 0)
                {
                    continue;
                }

                var locator = new NormalizedTextLocator("/repo/migrations/1_a.sql", SourceText.From(prefix), prefix);
                var result = MigrationLinter.Run(prefix, split.Statements, kind, noTransaction, "1_a.sql", locator);
                Assert.Equal(split.Statements.Count, result.Statements.Length);
            }
        }
    }

    /// <summary>The string arguments of the lint tests' InlineData attributes.</summary>
    private static IEnumerable<string> Corpus() =>
        typeof(RobustnessTests).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(RobustnessTests).Namespace)
            .SelectMany(type => type.GetMethods())
            .SelectMany(method => method.GetCustomAttributes<InlineDataAttribute>())
            .SelectMany(data => data.GetData(null!).SelectMany(row => row.OfType<string>()))
            .Where(text => text.Contains(' '))
            .Distinct();
}
