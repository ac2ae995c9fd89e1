using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// What the statements of one file have done so far, in file order: the relations it created
/// (which no one else can be using yet), the constraints it added NOT VALID or validated, and
/// the enum values it added. Rules read it; the linter updates it after each statement.
/// </summary>
internal sealed class FileState
{
    private readonly List<string> _created = new();
    private readonly List<(string Table, string Name)> _notValid = new();
    private readonly List<(string Table, string Name, string Column)> _notValidNotNullChecks = new();
    private readonly List<(string Table, string Column)> _validNotNullChecks = new();
    private readonly List<string> _validatedElsewhereDefined = new();
    private readonly List<string> _enumValues = new();

    public FileState(SqlFileKind kind, bool transactional)
    {
        Kind = kind;
        Transactional = transactional;
    }

    public SqlFileKind Kind { get; }

    /// <summary>The whole file runs in one transaction (no '-- cocktaildb:no-transaction' line).</summary>
    public bool Transactional { get; }

    /// <summary>
    /// True for a relation created earlier in this file, whose locks bother no one. Everything is
    /// new to the schema file: it is only ever loaded into an empty database.
    /// </summary>
    public bool IsNew(string relation)
    {
        if (Kind == SqlFileKind.Schema)
        {
            return true;
        }

        foreach (var created in _created)
        {
            if (RelationNames.Same(created, relation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the file added constraint <paramref name="name"/> on the table NOT VALID.</summary>
    public bool AddedNotValid(string table, string name)
    {
        foreach (var (t, n) in _notValid)
        {
            if (n == name && RelationNames.Same(t, table))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a validated CHECK (column IS NOT NULL) is known before this point, so SET NOT NULL
    /// can skip its scan (PostgreSQL 12 and later). A VALIDATE CONSTRAINT of a constraint defined in
    /// an earlier migration counts too: this file cannot see its definition.
    /// </summary>
    public bool HasValidatedNotNullCheck(string table, string column)
    {
        foreach (var (t, c) in _validNotNullChecks)
        {
            if (c == column && RelationNames.Same(t, table))
            {
                return true;
            }
        }

        foreach (var t in _validatedElsewhereDefined)
        {
            if (RelationNames.Same(t, table))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an earlier statement of this transaction added the enum value.</summary>
    public bool AddedEnumValue(string value) => _enumValues.Contains(value);

    public void Record(ClassifiedStatement statement)
    {
        _created.AddRange(statement.Created);
        if (statement.EnumValue is { } value && Transactional)
        {
            _enumValues.Add(value);
        }

        if (statement.Table is not { } table)
        {
            return;
        }

        foreach (var action in statement.Actions)
        {
            // A new table renamed is still new under its new name.
            if (action.Kind == TableActionKind.RenameRelation && action.NewName is { } renamed && IsNew(table))
            {
                _created.Add(renamed);
            }
            else if (action.Kind == TableActionKind.AddConstraint)
            {
                RecordConstraint(table, action);
            }
            else if (action.Kind == TableActionKind.ValidateConstraint && action.ConstraintName is { } name)
            {
                RecordValidation(table, name);
            }
        }
    }

    private void RecordConstraint(string table, TableAction action)
    {
        if (action.NotValid && action.ConstraintName is { } name)
        {
            _notValid.Add((table, name));
            if (action.NotNullCheckColumn is { } pending)
            {
                _notValidNotNullChecks.Add((table, name, pending));
            }
        }
        else if (!action.NotValid && action.NotNullCheckColumn is { } column)
        {
            _validNotNullChecks.Add((table, column));
        }
    }

    private void RecordValidation(string table, string name)
    {
        var definedHere = false;
        foreach (var (t, n, column) in _notValidNotNullChecks)
        {
            if (n == name && RelationNames.Same(t, table))
            {
                _validNotNullChecks.Add((table, column));
                definedHere = true;
            }
        }

        if (!definedHere && !AddedNotValid(table, name))
        {
            _validatedElsewhereDefined.Add(table);
        }
    }
}
