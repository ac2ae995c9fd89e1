namespace CocktailDb.Ops.Generators.Lint;

/// <summary>DROP ...: what goes away, and the locks that takes.</summary>
internal static class DropStatements
{
    public static void Classify(StatementText s, ClassifiedStatement c)
    {
        var what = s.IsKind(1, Models.SqlTokenKind.Word) ? s.TextOf(1).ToUpperInvariant() : string.Empty;
        switch (what)
        {
            case "TABLE":
                Relations(s, c, 2, "table");
                break;
            case "VIEW":
                Relations(s, c, 2, "view");
                break;
            case "MATERIALIZED":
                Relations(s, c, 3, "materialized view");
                break;
            case "INDEX":
                Index(s, c);
                break;
            case "TRIGGER":
            case "RULE":
            case "POLICY":
                // All three take ACCESS EXCLUSIVE on their table, briefly: even reads wait.
                StatementClassifier.LockTableAfter(s, c, "ON", 2, LockMode.AccessExclusive);
                break;
            case "DATABASE":
                c.NotInTransaction = "DROP DATABASE";
                break;
            case "TABLESPACE":
                c.NotInTransaction = "DROP TABLESPACE";
                break;
            default:
                if (s.ContainsWord("CASCADE", 2, s.Count))
                {
                    c.Locks.MarkUnknown("CASCADE may drop tables or columns that depend on it");
                }

                break;
        }
    }

    private static void Relations(StatementText s, ClassifiedStatement c, int index, string kind)
    {
        var i = index;
        if (s.AreWords(i, "IF", "EXISTS"))
        {
            i += 2;
        }

        var names = StatementClassifier.NameList(s, i);
        c.Dropped.AddRange(names);
        c.DroppedKind = kind;
        c.Locks.AddAll(names, LockMode.AccessExclusive);
    }

    // DROP INDEX [CONCURRENTLY] [IF EXISTS] name [, ...]: the lock is on the index's table,
    // which the statement does not name.
    private static void Index(StatementText s, ClassifiedStatement c)
    {
        var i = 2;
        var concurrently = s.IsWord(i, "CONCURRENTLY");
        if (concurrently)
        {
            i++;
            c.NotInTransaction = "DROP INDEX CONCURRENTLY";
        }

        if (s.AreWords(i, "IF", "EXISTS"))
        {
            i += 2;
        }

        foreach (var index in StatementClassifier.NameList(s, i))
        {
            c.Locks.Add("the table of index " + index, concurrently ? LockMode.ShareUpdateExclusive : LockMode.AccessExclusive);
        }
    }
}
