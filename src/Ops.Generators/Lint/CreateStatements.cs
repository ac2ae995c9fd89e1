using System;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>CREATE ...: what it creates, and the locks it takes on relations that already exist.</summary>
internal static class CreateStatements
{
    // Objects whose creation locks no table.
    private static readonly string[] NoTableLock =
    {
        "FUNCTION", "PROCEDURE", "TYPE", "DOMAIN", "SEQUENCE", "SCHEMA", "EXTENSION", "ROLE", "USER", "GROUP",
        "AGGREGATE", "OPERATOR", "CAST", "COLLATION", "CONVERSION", "TEXT", "LANGUAGE", "PUBLICATION", "SERVER",
        "FOREIGN", "EVENT", "ACCESS", "TRANSFORM", "DEFAULT", "PROCEDURAL", "TRUSTED",
    };

    public static void Classify(StatementText s, ClassifiedStatement c)
    {
        var i = 1;
        var orReplace = false;
        if (s.AreWords(i, "OR", "REPLACE"))
        {
            orReplace = true;
            i += 2;
        }

        var temporary = false;
        while (s.IsAnyWord(i, "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "RECURSIVE", "CONSTRAINT"))
        {
            temporary |= s.IsAnyWord(i, "TEMP", "TEMPORARY");
            i++;
        }

        if (s.IsWord(i, "UNIQUE"))
        {
            i++;
        }

        var what = s.IsKind(i, Models.SqlTokenKind.Word) ? s.TextOf(i).ToUpperInvariant() : string.Empty;
        switch (what)
        {
            case "INDEX":
                Index(s, c, i + 1);
                break;
            case "TABLE":
                Table(s, c, i + 1);
                break;
            case "VIEW":
                View(s, c, i + 1, orReplace);
                break;
            case "MATERIALIZED":
                View(s, c, i + 2, orReplace: false);
                break;
            case "TRIGGER":
                // CREATE TRIGGER takes SHARE ROW EXCLUSIVE: it blocks writes, not reads.
                StatementClassifier.LockTableAfter(s, c, "ON", i + 1, LockMode.ShareRowExclusive);
                var n = i + 1;
                if (s.ReadName(ref n) is { } trigger && c.Table is { } on)
                {
                    c.Leaves.Add(new Models.SchemaObjectModel(RelationNames.Quote(on), string.Empty, trigger));
                }

                break;
            case "RULE":
                StatementClassifier.LockTableAfter(s, c, "TO", i + 1, LockMode.AccessExclusive);
                break;
            case "POLICY":
                StatementClassifier.LockTableAfter(s, c, "ON", i + 1, LockMode.AccessExclusive);
                break;
            case "STATISTICS":
                StatementClassifier.LockTableAfter(s, c, "FROM", i + 1, LockMode.ShareUpdateExclusive);
                break;
            case "DATABASE":
                c.NotInTransaction = "CREATE DATABASE";
                break;
            case "TABLESPACE":
                c.NotInTransaction = "CREATE TABLESPACE";
                break;
            case "SUBSCRIPTION":
                // Creating the replication slot (the default) cannot be rolled back.
                if (!SetsOptionOff(s, "create_slot") && !SetsOptionOff(s, "connect"))
                {
                    c.NotInTransaction = "CREATE SUBSCRIPTION";
                }

                break;
            default:
                if (what == "TYPE" || what == "DOMAIN")
                {
                    var j = i + 1;
                    var name = s.ReadName(ref j);
                    if (name is not null)
                    {
                        c.Created.Add(name);
                    }
                }
                else if (Array.IndexOf(NoTableLock, what) < 0)
                {
                    c.Locks.MarkUnknown("CREATE " + what + " is not a statement the build classifies");
                }

                break;
        }

        // A temporary table is gone when the session ends: nothing a database could be judged by.
        if (temporary)
        {
            c.Leaves.Clear();
        }
    }

    // CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table ...
    private static void Index(StatementText s, ClassifiedStatement c, int index)
    {
        var concurrently = s.IsWord(index, "CONCURRENTLY");
        var on = s.FindWord("ON", index, s.Count, 0);
        var i = on + 1;
        if (s.IsWord(i, "ONLY"))
        {
            i++;
        }

        var table = on < 0 ? null : s.ReadName(ref i);
        if (table is null)
        {
            return;
        }

        c.Table = table;
        if (concurrently)
        {
            c.NotInTransaction = "CREATE INDEX CONCURRENTLY";
            c.ConcurrentIndexTable = RelationNames.Quote(table);
            // [IF NOT EXISTS] name between CONCURRENTLY and ON; an index name is never qualified.
            var n = index + 1;
            if (s.AreWords(n, "IF", "NOT", "EXISTS"))
            {
                n += 3;
            }

            c.ConcurrentIndexName = n < on ? s.ReadName(ref n) ?? string.Empty : string.Empty;
            c.Locks.Add(table, LockMode.ShareUpdateExclusive);
        }
        else
        {
            // SHARE: reads go on, every INSERT, UPDATE and DELETE waits for the whole build.
            c.BuildsIndexBlockingWrites = true;
            c.Locks.Add(table, LockMode.Share);
        }
    }

    // CREATE TABLE [IF NOT EXISTS] name ( ... REFERENCES other ... ) | AS query | PARTITION OF parent
    private static void Table(StatementText s, ClassifiedStatement c, int index)
    {
        var i = index;
        if (ReadCreatedName(s, c, ref i) is not { } name)
        {
            return;
        }

        var asQuery = s.FindWord("AS", i, s.Count, 0);
        if (asQuery >= 0)
        {
            QueryRelations.Collect(s, asQuery + 1, s.Count, c.Locks);
            return;
        }

        // A foreign key adds triggers to the table it references: SHARE ROW EXCLUSIVE there.
        for (var k = i; k < s.Count; k++)
        {
            if (s.IsWord(k, "REFERENCES"))
            {
                var j = k + 1;
                var referenced = s.ReadName(ref j);
                if (referenced is not null && !RelationNames.Same(referenced, name))
                {
                    c.Locks.Add(referenced, LockMode.ShareRowExclusive);
                }
            }
            else if (s.AreWords(k, "PARTITION", "OF"))
            {
                var j = k + 2;
                c.Locks.Add(s.ReadName(ref j) ?? string.Empty, LockMode.AccessExclusive);
            }
            else if (s.IsWord(k, "LIKE"))
            {
                var j = k + 1;
                c.Locks.Add(s.ReadName(ref j) ?? string.Empty, LockMode.AccessShare);
            }
            else if (s.IsWord(k, "INHERITS") && s.IsPunctuation(k + 1, '('))
            {
                c.Locks.AddAll(StatementClassifier.NameList(s, k + 2), LockMode.ShareUpdateExclusive);
            }
        }
    }

    // CREATE [OR REPLACE] [MATERIALIZED] VIEW name [(columns)] [WITH (...)] AS query
    private static void View(StatementText s, ClassifiedStatement c, int index, bool orReplace)
    {
        var i = index;
        if (ReadCreatedName(s, c, ref i) is not { } name)
        {
            return;
        }

        if (orReplace)
        {
            // Replacing an existing view locks it out entirely for the rest of the transaction.
            c.Locks.Add(name, LockMode.AccessExclusive);
        }

        var asQuery = s.FindWord("AS", i, s.Count, 0);
        if (asQuery >= 0)
        {
            QueryRelations.Collect(s, asQuery + 1, s.Count, c.Locks);
        }
    }

    // [IF NOT EXISTS] name: records the name as created by this statement.
    private static string? ReadCreatedName(StatementText s, ClassifiedStatement c, ref int i)
    {
        if (s.AreWords(i, "IF", "NOT", "EXISTS"))
        {
            i += 3;
        }

        var name = s.ReadName(ref i);
        if (name is not null)
        {
            c.Created.Add(name);
            c.Leaves.Add(new Models.SchemaObjectModel(RelationNames.Quote(name), string.Empty, string.Empty));
        }

        return name;
    }

    // WITH (create_slot = false) or (connect = false, ...)
    private static bool SetsOptionOff(StatementText s, string option)
    {
        for (var i = 0; i + 2 < s.Count; i++)
        {
            if (s.IsWord(i, option) && s.IsPunctuation(i + 1, '=')
                && (s.IsAnyWord(i + 2, "false", "off") || s.StringValue(i + 2) is "false" or "off"))
            {
                return true;
            }
        }

        return false;
    }
}
