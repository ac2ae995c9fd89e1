namespace CocktailDb.Ops.Host.Tests.Harness;

/// <summary>Properties of one unit, as `systemctl show -p ...` printed them (Name=Value lines).</summary>
internal sealed class UnitState
{
    private readonly Dictionary<string, string> _properties;

    private UnitState(string unit, Dictionary<string, string> properties)
    {
        Unit = unit;
        _properties = properties;
    }

    public string Unit { get; }

    public string this[string property] =>
        _properties.TryGetValue(property, out var value) ? value : throw new KeyNotFoundException($"{Unit}: {property} was not asked for");

    public string ActiveState => this["ActiveState"];

    public string Result => this["Result"];

    public static UnitState Parse(string unit, string output)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                properties[line[..equals]] = line[(equals + 1)..];
            }
        }

        return new UnitState(unit, properties);
    }

    public override string ToString() => $"{Unit}: {string.Join(", ", _properties.Select(p => $"{p.Key}={p.Value}"))}";
}
