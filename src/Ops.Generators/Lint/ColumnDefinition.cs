using System;
using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// The definition of a column added by ALTER TABLE ... ADD COLUMN: whether adding it rewrites
/// the table. Since PostgreSQL 11 a column with no default or a non-volatile one is added
/// without touching the rows; a volatile default, a stored generated column, an identity
/// column (and a serial one, whose default is nextval()) are written into every existing row
/// (ALTER TABLE, "Notes").
/// </summary>
internal static class ColumnDefinition
{
    private static readonly HashSet<string> SerialTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "SERIAL", "SERIAL4", "BIGSERIAL", "SERIAL8", "SMALLSERIAL", "SERIAL2",
    };

    // Keywords that end a DEFAULT expression and start the next column constraint.
    private static readonly HashSet<string> ConstraintStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "NOT", "NULL", "CHECK", "UNIQUE", "PRIMARY", "REFERENCES", "CONSTRAINT", "COLLATE", "GENERATED", "DEFERRABLE", "INITIALLY",
    };

    public static void Read(StatementText s, int from, int to, TableAction action)
    {
        if (s.IsKind(from, SqlTokenKind.Word) && SerialTypes.Contains(s.TextOf(from)))
        {
            action.Rewrite = "a " + s.TextOf(from).ToLowerInvariant() + " column's default, nextval(), is volatile: every existing row gets its own value";
        }

        for (var i = from; i < to; i++)
        {
            if (s.DepthOf(i) != 0)
            {
                continue;
            }

            if (s.IsWord(i, "DEFAULT"))
            {
                var end = i + 1;
                while (end < to && !(s.DepthOf(end) == 0 && s.IsKind(end, SqlTokenKind.Word) && ConstraintStarts.Contains(s.TextOf(end))))
                {
                    end++;
                }

                var volatility = DefaultVolatility.Describe(s, i + 1, end);
                if (volatility is not null)
                {
                    action.Rewrite ??= volatility;
                }
            }
            else if (s.IsWord(i, "GENERATED"))
            {
                if (s.FindWord("IDENTITY", i, to, 0) >= 0)
                {
                    action.Rewrite ??= "an identity column is filled from its sequence for every existing row";
                }
                else if (s.FindWord("STORED", i, to, 0) >= 0)
                {
                    action.Rewrite ??= "a stored generated column is computed and written for every existing row";
                }
            }
            else if (s.IsWord(i, "UNIQUE"))
            {
                action.Constraint = ConstraintKind.Unique;
            }
            else if (s.AreWords(i, "PRIMARY", "KEY"))
            {
                action.Constraint = ConstraintKind.PrimaryKey;
            }
            else if (s.IsWord(i, "REFERENCES"))
            {
                var j = i + 1;
                action.Referenced = s.ReadName(ref j);
            }
        }
    }
}
