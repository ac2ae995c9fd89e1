using System.Collections.Generic;
using System.Text;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// The table-level locks one statement takes: for each relation the strongest mode. Written into
/// the manifest as text (see <see cref="Format"/>) so `migrate --dry-run` can show it.
/// </summary>
internal sealed class TableLocks
{
    private readonly List<string> _order = new();
    private readonly Dictionary<string, LockMode> _modes = new();

    /// <summary>Why the locks cannot be known at build time (a DO block), or null.</summary>
    public string? Unknown { get; private set; }

    public void Add(string relation, LockMode mode)
    {
        if (mode == LockMode.None || relation.Length == 0)
        {
            return;
        }

        if (_modes.TryGetValue(relation, out var held))
        {
            if (mode > held)
            {
                _modes[relation] = mode;
            }

            return;
        }

        _order.Add(relation);
        _modes.Add(relation, mode);
    }

    public void AddAll(IEnumerable<string> relations, LockMode mode)
    {
        foreach (var relation in relations)
        {
            Add(relation, mode);
        }
    }

    public void MarkUnknown(string reason) => Unknown ??= reason;

    /// <summary>
    /// Strongest mode first, relations in the order the statement names them, e.g.
    /// "ACCESS EXCLUSIVE on orders; SHARE ROW EXCLUSIVE on users". Empty when the statement locks
    /// no existing relation (CREATE FUNCTION, SET ...).
    /// </summary>
    public string Format()
    {
        var text = new StringBuilder();
        for (var mode = LockMode.AccessExclusive; mode > LockMode.None; mode--)
        {
            var first = true;
            foreach (var relation in _order)
            {
                if (_modes[relation] != mode)
                {
                    continue;
                }

                if (first)
                {
                    text.Append(text.Length > 0 ? "; " : string.Empty).Append(LockModeNames.Of(mode)).Append(" on ");
                    first = false;
                }
                else
                {
                    text.Append(", ");
                }

                text.Append(relation);
            }
        }

        if (Unknown is not null)
        {
            text.Append(text.Length > 0 ? "; " : string.Empty).Append("unknown (").Append(Unknown).Append(')');
        }

        return text.ToString();
    }
}
