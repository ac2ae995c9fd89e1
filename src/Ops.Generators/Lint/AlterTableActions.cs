namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// ALTER TABLE and its subcommands. Each subcommand's lock follows the ALTER TABLE page of the
/// PostgreSQL manual: ACCESS EXCLUSIVE unless it says otherwise; the statement takes the
/// strongest lock any of its subcommands needs.
/// </summary>
internal static class AlterTableActions
{
    public static void Classify(StatementText s, ClassifiedStatement c, int index)
    {
        var i = index;
        if (s.AreWords(i, "ALL", "IN", "TABLESPACE"))
        {
            c.Locks.MarkUnknown("ALTER TABLE ALL IN TABLESPACE moves every table in it");
            return;
        }

        if (s.AreWords(i, "IF", "EXISTS"))
        {
            i += 2;
        }

        if (s.IsWord(i, "ONLY"))
        {
            i++;
        }

        var table = s.ReadName(ref i);
        if (table is null)
        {
            return;
        }

        if (s.IsPunctuation(i, '*'))
        {
            i++;
        }

        c.Table = table;
        if (StandAlone(s, c, table, i))
        {
            return;
        }

        var start = i;
        for (var k = i; k <= s.Count; k++)
        {
            if (k == s.Count || (s.IsPunctuation(k, ',') && s.DepthOf(k) == 0))
            {
                if (k > start)
                {
                    c.Actions.Add(Subcommand(s, c, table, start, k));
                }

                start = k + 1;
            }
        }
    }

    // RENAME, SET SCHEMA, ATTACH and DETACH PARTITION cannot be combined with other subcommands.
    private static bool StandAlone(StatementText s, ClassifiedStatement c, string table, int i)
    {
        var end = s.EndOf(i, s.Count);
        if (s.IsWord(i, "RENAME"))
        {
            c.Locks.Add(table, LockMode.AccessExclusive);
            if (Rename(s, i) is { } rename)
            {
                c.Actions.Add(rename);
            }

            return true;
        }

        if (s.AreWords(i, "SET", "SCHEMA"))
        {
            c.Locks.Add(table, LockMode.AccessExclusive);
            c.Actions.Add(new TableAction(TableActionKind.SetSchema, s[i].Start, end));
            return true;
        }

        if (s.AreWords(i, "ATTACH", "PARTITION"))
        {
            // The parent allows reads and writes meanwhile; the table being attached does not.
            var j = i + 2;
            c.Locks.Add(table, LockMode.ShareUpdateExclusive);
            c.Locks.Add(s.ReadName(ref j) ?? string.Empty, LockMode.AccessExclusive);
            return true;
        }

        if (s.AreWords(i, "DETACH", "PARTITION"))
        {
            var j = i + 2;
            var partition = s.ReadName(ref j) ?? string.Empty;
            var concurrently = s.IsAnyWord(j, "CONCURRENTLY", "FINALIZE");
            if (s.IsWord(j, "CONCURRENTLY"))
            {
                c.NotInTransaction = "ALTER TABLE ... DETACH PARTITION CONCURRENTLY";
            }

            c.Locks.Add(table, concurrently ? LockMode.ShareUpdateExclusive : LockMode.AccessExclusive);
            c.Locks.Add(partition, concurrently ? LockMode.ShareUpdateExclusive : LockMode.AccessExclusive);
            return true;
        }

        return false;
    }

    /// <summary>RENAME TO new | RENAME [COLUMN] a TO b at <paramref name="i"/>; null for RENAME CONSTRAINT.</summary>
    internal static TableAction? Rename(StatementText s, int i)
    {
        var end = s.EndOf(i, s.Count);
        if (s.IsWord(i + 1, "TO"))
        {
            var j = i + 2;
            return new TableAction(TableActionKind.RenameRelation, s[i].Start, end) { NewName = s.ReadName(ref j) };
        }

        if (s.IsWord(i + 1, "CONSTRAINT"))
        {
            return null;
        }

        var k = s.IsWord(i + 1, "COLUMN") ? i + 2 : i + 1;
        return new TableAction(TableActionKind.RenameColumn, s[i].Start, end) { Column = s.ReadName(ref k) };
    }

    private static TableAction Subcommand(StatementText s, ClassifiedStatement c, string table, int from, int to)
    {
        var start = s[from].Start;
        var end = s.EndOf(from, to);
        TableAction action;
        var mode = LockMode.AccessExclusive;
        if (s.IsWord(from, "ADD"))
        {
            action = IsConstraint(s, from + 1)
                ? AddConstraint(s, from, to, start, end)
                : AddColumn(s, from, to, start, end);
            if (action.Kind == TableActionKind.AddConstraint && action.Constraint == ConstraintKind.ForeignKey)
            {
                // ADD FOREIGN KEY: SHARE ROW EXCLUSIVE on both tables (writes wait, reads go on).
                mode = LockMode.ShareRowExclusive;
            }

        }
        else if (s.IsWord(from, "DROP"))
        {
            action = Drop(s, from, start, end);
        }
        else if (s.IsWord(from, "ALTER"))
        {
            action = AlterColumn(s, from, start, end, out mode);
        }
        else if (s.AreWords(from, "VALIDATE", "CONSTRAINT"))
        {
            // Scans the table, but reads and writes go on: only other schema changes wait.
            var j = from + 2;
            action = new TableAction(TableActionKind.ValidateConstraint, start, end) { ConstraintName = s.ReadName(ref j) };
            mode = LockMode.ShareUpdateExclusive;
        }
        else
        {
            action = Other(s, from, to, start, end, out mode);
        }

        c.Locks.Add(table, mode);

        // A foreign key adds triggers to the table it references: SHARE ROW EXCLUSIVE there.
        if (action.Referenced is not null)
        {
            c.Locks.Add(action.Referenced, LockMode.ShareRowExclusive);
        }

        return action;
    }

    private static bool IsConstraint(StatementText s, int i) =>
        s.IsAnyWord(i, "CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "EXCLUDE");

    // ADD [CONSTRAINT name] { CHECK (...) | UNIQUE ... | PRIMARY KEY ... | FOREIGN KEY ... | EXCLUDE ... } [NOT VALID]
    private static TableAction AddConstraint(StatementText s, int from, int to, int start, int end)
    {
        var action = new TableAction(TableActionKind.AddConstraint, start, end);
        var i = from + 1;
        if (s.IsWord(i, "CONSTRAINT"))
        {
            i++;
            action.ConstraintName = s.ReadName(ref i);
        }

        action.Constraint =
            s.IsWord(i, "CHECK") ? ConstraintKind.Check
            : s.IsWord(i, "UNIQUE") ? ConstraintKind.Unique
            : s.IsWord(i, "PRIMARY") ? ConstraintKind.PrimaryKey
            : s.IsWord(i, "FOREIGN") ? ConstraintKind.ForeignKey
            : s.IsWord(i, "EXCLUDE") ? ConstraintKind.Exclude
            : ConstraintKind.None;
        for (var k = i; k < to; k++)
        {
            if (s.DepthOf(k) != 0)
            {
                continue;
            }

            if (s.AreWords(k, "NOT", "VALID"))
            {
                action.NotValid = true;
            }
            else if (s.AreWords(k, "USING", "INDEX"))
            {
                action.UsingIndex = true;
            }
            else if (s.IsWord(k, "REFERENCES"))
            {
                var j = k + 1;
                action.Referenced = s.ReadName(ref j);
            }
        }

        // CHECK (column IS NOT NULL): what lets a later SET NOT NULL skip its scan.
        if (action.Constraint == ConstraintKind.Check && s.IsPunctuation(i + 1, '('))
        {
            var j = i + 2;
            var column = s.ReadName(ref j);
            if (column is not null && s.AreWords(j, "IS", "NOT", "NULL") && s.IsPunctuation(j + 3, ')'))
            {
                action.NotNullCheckColumn = column;
            }
        }

        return action;
    }

    // ADD [COLUMN] [IF NOT EXISTS] name type [constraints]
    private static TableAction AddColumn(StatementText s, int from, int to, int start, int end)
    {
        var i = from + 1;
        if (s.IsWord(i, "COLUMN"))
        {
            i++;
        }

        if (s.AreWords(i, "IF", "NOT", "EXISTS"))
        {
            i += 3;
        }

        var action = new TableAction(TableActionKind.AddColumn, start, end) { Column = s.ReadName(ref i) };
        ColumnDefinition.Read(s, i, to, action);
        return action;
    }

    // DROP CONSTRAINT [IF EXISTS] name | DROP [COLUMN] [IF EXISTS] name
    private static TableAction Drop(StatementText s, int from, int start, int end)
    {
        var i = from + 1;
        var constraint = s.IsWord(i, "CONSTRAINT");
        if (constraint || s.IsWord(i, "COLUMN"))
        {
            i++;
        }

        if (s.AreWords(i, "IF", "EXISTS"))
        {
            i += 2;
        }

        var name = s.ReadName(ref i);
        return constraint
            ? new TableAction(TableActionKind.DropConstraint, start, end) { ConstraintName = name }
            : new TableAction(TableActionKind.DropColumn, start, end) { Column = name };
    }

    // ALTER [COLUMN] name { [SET DATA] TYPE ... | SET NOT NULL | SET STATISTICS ... | ... }
    private static TableAction AlterColumn(StatementText s, int from, int start, int end, out LockMode mode)
    {
        mode = LockMode.AccessExclusive;
        var i = from + 1;
        if (s.IsWord(i, "CONSTRAINT"))
        {
            return new TableAction(TableActionKind.Other, start, end);
        }

        if (s.IsWord(i, "COLUMN"))
        {
            i++;
        }

        var column = s.ReadName(ref i);
        if (s.IsWord(i, "TYPE") || s.AreWords(i, "SET", "DATA", "TYPE"))
        {
            return new TableAction(TableActionKind.AlterColumnType, start, end) { Column = column };
        }

        if (s.AreWords(i, "SET", "NOT", "NULL"))
        {
            return new TableAction(TableActionKind.SetNotNull, start, end) { Column = column };
        }

        if (s.AreWords(i, "SET", "STATISTICS") || (s.IsAnyWord(i, "SET", "RESET") && s.IsPunctuation(i + 1, '(')))
        {
            mode = LockMode.ShareUpdateExclusive;
        }
        else if (s.AreWords(i, "SET", "EXPRESSION"))
        {
            return new TableAction(TableActionKind.Rewrite, start, end)
            {
                Column = column,
                Rewrite = "SET EXPRESSION recomputes a stored generated column for every row",
            };
        }

        return new TableAction(TableActionKind.Other, start, end) { Column = column };
    }

    private static TableAction Other(StatementText s, int from, int to, int start, int end, out LockMode mode)
    {
        mode = LockMode.AccessExclusive;
        if (s.IsAnyWord(from, "ENABLE", "DISABLE"))
        {
            var i = s.IsAnyWord(from + 1, "REPLICA", "ALWAYS") ? from + 2 : from + 1;
            if (s.IsWord(i, "TRIGGER"))
            {
                mode = LockMode.ShareRowExclusive;
            }
        }
        else if (s.AreWords(from, "CLUSTER", "ON") || s.AreWords(from, "SET", "WITHOUT", "CLUSTER"))
        {
            mode = LockMode.ShareUpdateExclusive;
        }
        else if (s.AreWords(from, "SET", "LOGGED") || s.AreWords(from, "SET", "UNLOGGED"))
        {
            return new TableAction(TableActionKind.Rewrite, start, end) { Rewrite = s.TextOf(from + 1).ToUpperInvariant() == "LOGGED" ? "SET LOGGED rewrites the whole table" : "SET UNLOGGED rewrites the whole table" };
        }
        else if (s.AreWords(from, "SET", "TABLESPACE"))
        {
            return new TableAction(TableActionKind.Rewrite, start, end) { Rewrite = "SET TABLESPACE copies every file of the table" };
        }
        else if (s.AreWords(from, "SET", "ACCESS", "METHOD"))
        {
            return new TableAction(TableActionKind.Rewrite, start, end) { Rewrite = "SET ACCESS METHOD rewrites the whole table" };
        }
        else if (s.IsAnyWord(from, "SET", "RESET") && s.IsPunctuation(from + 1, '('))
        {
            // Storage parameters: all but user_catalog_table take SHARE UPDATE EXCLUSIVE.
            mode = s.ContainsWord("user_catalog_table", from, to) ? LockMode.AccessExclusive : LockMode.ShareUpdateExclusive;
        }

        return new TableAction(TableActionKind.Other, start, end);
    }
}
