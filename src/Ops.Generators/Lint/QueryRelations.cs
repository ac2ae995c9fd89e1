using System;
using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// The relations a query or DML statement names and the lock each gets: ROW EXCLUSIVE for the
/// target of INSERT, UPDATE, DELETE, MERGE and COPY FROM, ROW SHARE for SELECT ... FOR UPDATE,
/// ACCESS SHARE for everything read. Views are reported as named; the tables behind them are
/// locked too, which the build cannot see.
/// </summary>
internal static class QueryRelations
{
    private static readonly HashSet<string> EndOfFromItem = new(StringComparer.OrdinalIgnoreCase)
    {
        "WHERE", "GROUP", "ORDER", "LIMIT", "OFFSET", "HAVING", "WINDOW", "UNION", "INTERSECT", "EXCEPT",
        "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "ON", "USING", "FOR", "RETURNING",
        "SET", "FETCH", "TABLESAMPLE", "WHEN", "THEN", "WITH", "SELECT", "VALUES", "DO", "AND", "OR",
    };

    public static void Collect(StatementText s, int from, int to, TableLocks locks)
    {
        var ctes = CteNames(s, from, to);
        var readMode = HasRowLockingClause(s, from, to) ? LockMode.RowShare : LockMode.AccessShare;
        var isCopy = s.IsWord(from, "COPY");
        for (var i = from; i < to; i++)
        {
            if (s.AreWords(i, "INSERT", "INTO"))
            {
                AddTarget(s, i + 2, ctes, locks, LockMode.RowExclusive);
            }
            else if (s.IsWord(i, "UPDATE") && !s.IsAnyWord(i - 1, "FOR", "KEY", "DO", "ON") && !s.IsWord(i + 1, "SET"))
            {
                AddTarget(s, i + 1, ctes, locks, LockMode.RowExclusive);
            }
            else if (s.AreWords(i, "DELETE", "FROM"))
            {
                AddTarget(s, i + 2, ctes, locks, LockMode.RowExclusive);
            }
            else if (s.AreWords(i, "MERGE", "INTO"))
            {
                AddTarget(s, i + 2, ctes, locks, LockMode.RowExclusive);
            }
            else if (isCopy && i == from)
            {
                // COPY t FROM ... writes t; COPY t TO ... reads it; COPY (query) TO reads the query.
                var j = i + 1;
                var table = s.ReadName(ref j);
                if (table is not null)
                {
                    locks.Add(table, s.FindWord("FROM", j, to, s.DepthOf(i)) >= 0 ? LockMode.RowExclusive : LockMode.AccessShare);
                }
            }
            else if (s.IsWord(i, "TABLE") && (i == from || s.IsPunctuation(i - 1, '(')))
            {
                AddTarget(s, i + 1, ctes, locks, readMode);
            }
            else if ((s.IsWord(i, "FROM") || s.IsWord(i, "JOIN") || (s.IsWord(i, "USING") && s.ContainsWord("MERGE", from, i)))
                && !(isCopy && s.DepthOf(i) == 0)
                && IsRelationList(s, i))
            {
                ReadFromItems(s, i + 1, to, ctes, locks, readMode);
            }
        }
    }

    private static void AddTarget(StatementText s, int index, HashSet<string> ctes, TableLocks locks, LockMode mode)
    {
        var i = index;
        if (s.IsWord(i, "ONLY"))
        {
            i++;
        }

        var name = s.ReadName(ref i);
        if (name is not null && !ctes.Contains(name))
        {
            locks.Add(name, mode);
        }
    }

    private static void ReadFromItems(StatementText s, int index, int to, HashSet<string> ctes, TableLocks locks, LockMode mode)
    {
        var depth = s.DepthOf(index - 1);
        var i = index;
        while (i < to)
        {
            while (s.IsAnyWord(i, "LATERAL", "ONLY"))
            {
                i++;
            }

            if (s.IsPunctuation(i, '('))
            {
                // A subquery or a parenthesised join: the loop in Collect reads what is inside.
                i = StatementClassifier.SkipParentheses(s, i);
            }
            else
            {
                var name = s.ReadName(ref i);
                if (name is null || EndOfFromItem.Contains(name))
                {
                    return;
                }

                if (s.IsPunctuation(i, '('))
                {
                    // FROM generate_series(...): a function, not a relation.
                    i = StatementClassifier.SkipParentheses(s, i);
                }
                else if (!ctes.Contains(name))
                {
                    locks.Add(name, mode);
                }
            }

            if (s.IsPunctuation(i, '*'))
            {
                i++;
            }

            if (s.IsWord(i, "AS"))
            {
                i++;
            }

            if ((s.IsKind(i, SqlTokenKind.Word) && !EndOfFromItem.Contains(s.TextOf(i))) || s.IsKind(i, SqlTokenKind.QuotedIdentifier))
            {
                i++;
                if (s.IsPunctuation(i, '('))
                {
                    i = StatementClassifier.SkipParentheses(s, i);
                }
            }

            if (!s.IsPunctuation(i, ',') || s.DepthOf(i) != depth)
            {
                return;
            }

            i++;
        }
    }

    /// <summary>
    /// False for the FROM inside EXTRACT(field FROM ts), SUBSTRING(s FROM n) and the like: a FROM
    /// directly inside a function call's parentheses that do not hold a subquery.
    /// </summary>
    private static bool IsRelationList(StatementText s, int index)
    {
        var depth = s.DepthOf(index);
        if (depth == 0)
        {
            return true;
        }

        for (var k = index - 1; k >= 0; k--)
        {
            if (s.IsPunctuation(k, '(') && s.DepthOf(k) == depth - 1)
            {
                var calls = s.IsKind(k - 1, SqlTokenKind.Word) || s.IsKind(k - 1, SqlTokenKind.QuotedIdentifier);
                return !calls || s.IsAnyWord(k + 1, "SELECT", "WITH", "VALUES", "TABLE") || s.IsAnyWord(k - 1, "IN", "EXISTS", "ANY", "ALL", "SOME", "AS", "FROM", "JOIN", "LATERAL", "ARRAY");
            }
        }

        return true;
    }

    private static bool HasRowLockingClause(StatementText s, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (s.IsWord(i, "FOR") && (s.IsAnyWord(i + 1, "UPDATE", "SHARE") || s.AreWords(i + 1, "NO", "KEY") || s.AreWords(i + 1, "KEY", "SHARE")))
            {
                return true;
            }
        }

        return false;
    }

    // WITH [RECURSIVE] name [(columns)] AS [NOT] [MATERIALIZED] (query) [, ...]
    private static HashSet<string> CteNames(StatementText s, int from, int to)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = from; i < to; i++)
        {
            if (!s.IsWord(i, "WITH"))
            {
                continue;
            }

            var j = i + 1;
            if (s.IsWord(j, "RECURSIVE"))
            {
                j++;
            }

            while (j < to)
            {
                var name = s.ReadName(ref j);
                if (name is null)
                {
                    break;
                }

                if (s.IsPunctuation(j, '('))
                {
                    j = StatementClassifier.SkipParentheses(s, j);
                }

                if (!s.IsWord(j, "AS"))
                {
                    break;
                }

                names.Add(name);
                j++;
                while (s.IsAnyWord(j, "NOT", "MATERIALIZED"))
                {
                    j++;
                }

                if (!s.IsPunctuation(j, '('))
                {
                    break;
                }

                j = StatementClassifier.SkipParentheses(s, j);
                if (!s.IsPunctuation(j, ','))
                {
                    break;
                }

                j++;
            }
        }

        return names;
    }
}
