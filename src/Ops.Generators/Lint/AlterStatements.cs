namespace CocktailDb.Ops.Generators.Lint;

/// <summary>ALTER ...: ALTER TABLE goes to <see cref="AlterTableActions"/>; the rest is read here.</summary>
internal static class AlterStatements
{
    public static void Classify(StatementText s, ClassifiedStatement c)
    {
        var what = s.IsKind(1, Models.SqlTokenKind.Word) ? s.TextOf(1).ToUpperInvariant() : string.Empty;
        switch (what)
        {
            case "TABLE":
                AlterTableActions.Classify(s, c, 2);
                break;
            case "FOREIGN":
                if (s.IsWord(2, "TABLE"))
                {
                    AlterTableActions.Classify(s, c, 3);
                }

                break;
            case "VIEW":
                View(s, c, 2);
                break;
            case "MATERIALIZED":
                View(s, c, 3);
                break;
            case "INDEX":
                Index(s, c);
                break;
            case "TYPE":
                EnumValue(s, c);
                break;
            case "TRIGGER":
            case "POLICY":
                StatementClassifier.LockTableAfter(s, c, "ON", 2, LockMode.AccessExclusive);
                break;
            case "DATABASE":
                if (s.FindWord("TABLESPACE", 2, s.Count, 0) >= 0 && s.FindWord("SET", 2, s.Count, 0) >= 0)
                {
                    c.NotInTransaction = "ALTER DATABASE ... SET TABLESPACE";
                }

                break;
            case "SYSTEM":
                c.NotInTransaction = "ALTER SYSTEM";
                break;
        }
    }

    // ALTER [MATERIALIZED] VIEW [IF EXISTS] name RENAME [COLUMN a] TO b | ...: ACCESS EXCLUSIVE.
    private static void View(StatementText s, ClassifiedStatement c, int index)
    {
        var i = index;
        if (s.AreWords(i, "IF", "EXISTS"))
        {
            i += 2;
        }

        var view = s.ReadName(ref i);
        if (view is null)
        {
            return;
        }

        c.Table = view;
        c.Locks.Add(view, LockMode.AccessExclusive);
        if (s.IsWord(i, "RENAME"))
        {
            if (AlterTableActions.Rename(s, i) is { } rename)
            {
                c.Actions.Add(rename);
            }
        }
        else if (s.AreWords(i, "SET", "SCHEMA"))
        {
            c.Actions.Add(new TableAction(TableActionKind.SetSchema, s[i].Start, s.EndOf(i, s.Count)));
        }
    }

    // ALTER INDEX name RENAME TO / SET (...) / RESET (...): SHARE UPDATE EXCLUSIVE on the index;
    // other forms (SET TABLESPACE...) ACCESS EXCLUSIVE. Reads and writes of the table go on
    // except through this index.
    private static void Index(StatementText s, ClassifiedStatement c)
    {
        var i = 2;
        if (s.AreWords(i, "IF", "EXISTS"))
        {
            i += 2;
        }

        var index = s.ReadName(ref i);
        if (index is null)
        {
            c.Locks.MarkUnknown("ALTER INDEX ALL IN TABLESPACE moves every index");
            return;
        }

        var light = s.AreWords(i, "RENAME", "TO") || (s.IsAnyWord(i, "SET", "RESET") && s.IsPunctuation(i + 1, '('));
        c.Locks.Add("index " + index, light ? LockMode.ShareUpdateExclusive : LockMode.AccessExclusive);
    }

    // ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'value' [BEFORE | AFTER 'other']
    private static void EnumValue(StatementText s, ClassifiedStatement c)
    {
        var i = 2;
        var type = s.ReadName(ref i);
        if (type is null || !s.AreWords(i, "ADD", "VALUE"))
        {
            return;
        }

        i += 2;
        if (s.AreWords(i, "IF", "NOT", "EXISTS"))
        {
            i += 3;
        }

        c.EnumType = type;
        c.EnumValue = s.StringValue(i);
    }
}
