// Connects with the same data source settings as cocktaildb-ops (slim builder, transport
// security enabled, no pool, no GSS probe, no type loading, DB_* variables from the environment), runs SELECT 1 and exits.
// Exit codes: 0 ok, 5 cannot connect, 6 a DB_* variable is missing.
using System.Globalization;
using Npgsql;

string? missing = null;
string Setting(string name)
{
    var value = Environment.GetEnvironmentVariable(name);
    if (string.IsNullOrEmpty(value))
    {
        missing ??= name;
        return string.Empty;
    }

    return value;
}

var settings = new NpgsqlConnectionStringBuilder
{
    Host = Setting("DB_HOST"),
    Username = Setting("DB_USER"),
    Password = Setting("DB_PASSWORD"),
    Database = Setting("DB_NAME"),
    ApplicationName = "bench bare-connect",
    Timeout = 10,
    CommandTimeout = 0,
    Pooling = false,
    Multiplexing = false,
    // As cocktaildb-ops: no GSS-encryption probe (it costs a second connection).
    GssEncryptionMode = GssEncryptionMode.Disable,
};
var port = Setting("DB_PORT");
if (missing is not null)
{
    Console.Error.WriteLine($"bare-connect: {missing} is not set");
    return 6;
}

settings.Port = int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture);

var builder = new NpgsqlSlimDataSourceBuilder(settings.ConnectionString);
builder.EnableTransportSecurity();
builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false)); // as cocktaildb-ops
await using var dataSource = builder.Build();
try
{
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var command = new NpgsqlCommand("SELECT 1", connection);
    var result = await command.ExecuteScalarAsync();
    return result is 1 ? 0 : 1;
}
catch (NpgsqlException ex)
{
    Console.Error.WriteLine($"bare-connect: {ex.Message}");
    return 5;
}
