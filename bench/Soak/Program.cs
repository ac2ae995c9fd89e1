// bench/run.sh soak: the long fault soak of the analytics refresh against the benchmark's
// PostgreSQL (DB_* variables) and a published cocktaildb-ops.
//   soak --binary PATH [--schedules 500] [--seed N] [--checkers 3] [--restart-every 100 --container NAME]
using System.Diagnostics;
using System.Globalization;
using CocktailDb.Bench.Soak;
using Npgsql;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

var options = ReadArguments(args);
string Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{name} is not set");
var server = new NpgsqlConnectionStringBuilder
{
    Host = Setting("DB_HOST"),
    Port = int.Parse(Setting("DB_PORT"), CultureInfo.InvariantCulture),
    Username = Setting("DB_USER"),
    Password = Setting("DB_PASSWORD"),
    Database = Setting("DB_NAME"),
    Pooling = false,
};

Func<Task<(string, int)>>? restart = options.Container is { } container
    ? async () =>
    {
        using (var docker = Process.Start("docker", ["restart", "--time", "1", container]))
        {
            await docker.WaitForExitAsync();
        }

        await WaitForServerAsync(server);
        return (server.Host!, server.Port);
    }
    : null;

Console.Error.WriteLine($"soak: {options.Soak.Schedules} schedules, seed {options.Soak.Seed}, {options.Soak.Checkers} checkers, restart every {options.Soak.RestartEvery} schedules");
var clock = Stopwatch.StartNew();
var result = await new FaultSoak(options.Soak, options.Binary, restart).RunAsync(server, line => Console.Error.WriteLine(line));
Console.Error.WriteLine($"{result.Details}; {clock.Elapsed.TotalMinutes:0.0} min");
if (!result.Verdict.Passed)
{
    Console.Error.WriteLine("failed: " + result.Verdict.Failures);
}

Console.WriteLine(result.Summary);
return result.Verdict.Passed ? 0 : 1;

static async Task WaitForServerAsync(NpgsqlConnectionStringBuilder server)
{
    var deadline = DateTime.UtcNow.AddMinutes(1);
    while (true)
    {
        try
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            return;
        }
        catch (NpgsqlException) when (DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
    }
}

static (SoakOptions Soak, string Binary, string? Container) ReadArguments(string[] args)
{
    var values = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        values[args[i].TrimStart('-')] = args[i + 1];
    }

    int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    var binary = values.TryGetValue("binary", out var b) ? b : throw new ArgumentException("--binary is required");
    var container = values.GetValueOrDefault("container");
    return (new SoakOptions(Int("schedules", 500), Int("seed", Environment.TickCount), Int("checkers", 3), container is null ? 0 : Int("restart-every", 100)), binary, container);
}
