using System;
using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// Reads what a statement does from its leading keywords. Lock modes follow the PostgreSQL
/// manual ("Explicit Locking" and each command's page) and were checked against pg_locks on a
/// real server (tests/Ops.Tests/Lint/DryRunLockTests.cs compares a set of them again on every run).
/// Statements it does not recognise are reported as locking "unknown" rather than nothing.
/// </summary>
internal static class StatementClassifier
{
    // Leading words of statements that take no lock on a table.
    private static readonly string[] NoTableLock =
    {
        "SHOW", "GRANT", "REVOKE", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT",
        "SAVEPOINT", "RELEASE", "NOTIFY", "LISTEN", "UNLISTEN", "DEALLOCATE", "CHECKPOINT", "LOAD",
    };

    public static ClassifiedStatement Classify(StatementText s)
    {
        var c = new ClassifiedStatement();
        if (s.Count == 0 || !s.IsKind(0, SqlTokenKind.Word))
        {
            if (s.Count > 0 && s.IsPunctuation(0, '('))
            {
                QueryRelations.Collect(s, 0, s.Count, c.Locks);
            }

            return c;
        }

        var first = s.TextOf(0).ToUpperInvariant();
        switch (first)
        {
            case "CREATE":
                CreateStatements.Classify(s, c);
                break;
            case "ALTER":
                AlterStatements.Classify(s, c);
                break;
            case "DROP":
                DropStatements.Classify(s, c);
                break;
            case "SELECT":
            case "WITH":
            case "INSERT":
            case "UPDATE":
            case "DELETE":
            case "MERGE":
            case "VALUES":
            case "TABLE":
            case "COPY":
                QueryRelations.Collect(s, 0, s.Count, c.Locks);
                break;
            case "VACUUM":
                Vacuum(s, c);
                break;
            case "ANALYZE":
            case "ANALYSE":
                c.Locks.AddAll(MaintenanceTargets(s, 1), LockMode.ShareUpdateExclusive);
                break;
            case "CLUSTER":
                Cluster(s, c);
                break;
            case "REINDEX":
                Reindex(s, c);
                break;
            case "REFRESH":
                Refresh(s, c);
                break;
            case "LOCK":
                Lock(s, c);
                break;
            case "TRUNCATE":
                c.Locks.AddAll(NameList(s, s.IsWord(1, "TABLE") ? 2 : 1), LockMode.AccessExclusive);
                break;
            case "COMMENT":
                Comment(s, c);
                break;
            case "DISCARD":
                if (s.IsWord(1, "ALL"))
                {
                    c.NotInTransaction = "DISCARD ALL";
                }

                break;
            case "SET":
            case "RESET":
                // SET CONSTRAINTS and SET TRANSACTION last only until the transaction ends.
                c.SessionSetting = !s.IsAnyWord(1, "CONSTRAINTS", "TRANSACTION");
                break;
            case "DO":
                c.Locks.MarkUnknown("a DO block runs code the build cannot see");
                break;
            case "CALL":
                c.Locks.MarkUnknown("a procedure runs code the build cannot see");
                break;
            default:
                if (Array.IndexOf(NoTableLock, first) < 0)
                {
                    c.Locks.MarkUnknown(first + " is not a statement the build classifies");
                }

                break;
        }

        return c;
    }

    /// <summary>The names of a comma separated list starting at <paramref name="index"/> (ONLY and * skipped).</summary>
    internal static List<string> NameList(StatementText s, int index)
    {
        var names = new List<string>();
        var i = index;
        while (i < s.Count)
        {
            if (s.IsWord(i, "ONLY"))
            {
                i++;
            }

            var name = s.ReadName(ref i);
            if (name is null)
            {
                break;
            }

            names.Add(name);
            if (s.IsPunctuation(i, '*'))
            {
                i++;
            }

            // Column lists, as in ANALYZE t (a, b), belong to the table before them.
            if (s.IsPunctuation(i, '('))
            {
                i = SkipParentheses(s, i);
            }

            if (!s.IsPunctuation(i, ','))
            {
                break;
            }

            i++;
        }

        return names;
    }

    /// <summary>
    /// Locks the table named after the first <paramref name="keyword"/> at depth 0 from
    /// <paramref name="index"/> on (CREATE TRIGGER ... ON table, DROP POLICY ... ON table).
    /// </summary>
    internal static void LockTableAfter(StatementText s, ClassifiedStatement c, string keyword, int index, LockMode mode)
    {
        var at = s.FindWord(keyword, index, s.Count, 0);
        if (at < 0)
        {
            return;
        }

        var i = at + 1;
        if (s.IsWord(i, "ONLY"))
        {
            i++;
        }

        var table = s.ReadName(ref i);
        if (table is not null)
        {
            c.Table = table;
            c.Locks.Add(table, mode);
        }
    }

    /// <summary>The index just past the ')' matching the '(' at <paramref name="open"/>.</summary>
    internal static int SkipParentheses(StatementText s, int open)
    {
        var depth = s.DepthOf(open);
        for (var i = open + 1; i < s.Count; i++)
        {
            if (s.IsPunctuation(i, ')') && s.DepthOf(i) == depth)
            {
                return i + 1;
            }
        }

        return s.Count;
    }

    // VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [table, ...] or VACUUM (option, ...) [table, ...].
    private static void Vacuum(StatementText s, ClassifiedStatement c)
    {
        var full = false;
        var i = 1;
        if (s.IsPunctuation(i, '('))
        {
            var end = SkipParentheses(s, i);
            for (var k = i + 1; k < end - 1; k++)
            {
                // FULL, FULL true, FULL on: all turn it on; FULL false / off do not.
                if (s.IsWord(k, "FULL") && !s.IsAnyWord(k + 1, "FALSE", "OFF") && !(s.IsKind(k + 1, SqlTokenKind.Number) && s.TextOf(k + 1) == "0"))
                {
                    full = true;
                }
            }

            i = end;
        }
        else
        {
            while (s.IsAnyWord(i, "FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"))
            {
                full |= s.IsWord(i, "FULL");
                i++;
            }
        }

        c.NotInTransaction = full ? "VACUUM FULL" : "VACUUM";
        var tables = NameList(s, i);
        c.Locks.AddAll(tables, full ? LockMode.AccessExclusive : LockMode.ShareUpdateExclusive);
        if (full)
        {
            c.Table = tables.Count > 0 ? tables[0] : null;
            c.Rewrite = "VACUUM FULL rewrites the whole table";
        }
    }

    private static List<string> MaintenanceTargets(StatementText s, int index)
    {
        var i = index;
        if (s.IsPunctuation(i, '('))
        {
            i = SkipParentheses(s, i);
        }

        while (s.IsAnyWord(i, "VERBOSE"))
        {
            i++;
        }

        return NameList(s, i);
    }

    // CLUSTER [VERBOSE] table [USING index]: without a table it reclusters every table, one
    // transaction each, so PostgreSQL refuses it inside a transaction block.
    private static void Cluster(StatementText s, ClassifiedStatement c)
    {
        var i = 1;
        if (s.IsPunctuation(i, '('))
        {
            i = SkipParentheses(s, i);
        }

        if (s.IsWord(i, "VERBOSE"))
        {
            i++;
        }

        var table = s.ReadName(ref i);
        if (table is null)
        {
            c.NotInTransaction = "CLUSTER without a table name";
            c.Locks.MarkUnknown("CLUSTER without a table locks every clustered table in turn");
            return;
        }

        c.Table = table;
        c.Rewrite = "CLUSTER rewrites the whole table in index order";
        c.Locks.Add(table, LockMode.AccessExclusive);
    }

    // REINDEX [(options)] { INDEX | TABLE | SCHEMA | DATABASE | SYSTEM } [CONCURRENTLY] name
    private static void Reindex(StatementText s, ClassifiedStatement c)
    {
        var i = 1;
        if (s.IsPunctuation(i, '('))
        {
            i = SkipParentheses(s, i);
        }

        var what = s.IsKind(i, SqlTokenKind.Word) ? s.TextOf(i).ToUpperInvariant() : string.Empty;
        i++;
        var concurrently = s.IsWord(i, "CONCURRENTLY");
        if (concurrently)
        {
            i++;
            c.NotInTransaction = "REINDEX CONCURRENTLY";
        }

        var name = s.ReadName(ref i) ?? string.Empty;
        switch (what)
        {
            case "TABLE":
                c.Locks.Add(name, concurrently ? LockMode.ShareUpdateExclusive : LockMode.Share);
                break;
            case "INDEX":
                c.Locks.Add("the table of index " + name, concurrently ? LockMode.ShareUpdateExclusive : LockMode.Share);
                break;
            default:
                // Each table in its own transaction: never inside a transaction block.
                c.NotInTransaction = "REINDEX " + what;
                c.Locks.MarkUnknown("REINDEX " + what + " locks every table it reindexes in turn");
                break;
        }
    }

    // REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]
    private static void Refresh(StatementText s, ClassifiedStatement c)
    {
        var i = 3;
        var concurrently = s.IsWord(i, "CONCURRENTLY");
        if (concurrently)
        {
            i++;
        }

        var view = s.ReadName(ref i);
        if (view is null)
        {
            return;
        }

        c.Table = view;
        c.Locks.Add(view, concurrently ? LockMode.Exclusive : LockMode.AccessExclusive);
        if (!concurrently)
        {
            c.Rewrite = "REFRESH MATERIALIZED VIEW without CONCURRENTLY replaces all of its data";
        }
    }

    // LOCK [TABLE] [ONLY] name [, ...] [IN mode MODE] [NOWAIT]
    private static void Lock(StatementText s, ClassifiedStatement c)
    {
        var names = NameList(s, s.IsWord(1, "TABLE") ? 2 : 1);
        var mode = LockMode.AccessExclusive;
        for (var i = 1; i < s.Count; i++)
        {
            if (!s.IsWord(i, "IN"))
            {
                continue;
            }

            var words = string.Empty;
            for (var k = i + 1; k < s.Count && !s.IsWord(k, "MODE"); k++)
            {
                words += (words.Length > 0 ? " " : string.Empty) + s.TextOf(k);
            }

            mode = LockModeNames.Parse(words);
            break;
        }

        c.Locks.AddAll(names, mode);
    }

    // COMMENT ON TABLE t / COLUMN t.c / ... IS '...': takes SHARE UPDATE EXCLUSIVE on the table.
    private static void Comment(StatementText s, ClassifiedStatement c)
    {
        var i = 3;
        if (s.IsAnyWord(2, "TABLE", "VIEW"))
        {
            c.Locks.Add(s.ReadName(ref i) ?? string.Empty, LockMode.ShareUpdateExclusive);
        }
        else if (s.IsWord(2, "COLUMN"))
        {
            var column = s.ReadName(ref i) ?? string.Empty;
            var dot = column.LastIndexOf('.');
            c.Locks.Add(dot > 0 ? column.Substring(0, dot) : column, LockMode.ShareUpdateExclusive);
        }
    }
}
