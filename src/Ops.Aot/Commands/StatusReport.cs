using System.Globalization;
using CocktailDb.Ops.Analytics;
using CocktailDb.Ops.Cli;
using CocktailDb.Ops.Migrations;

namespace CocktailDb.Ops.Commands;

/// <summary>Prints a <see cref="MigrationPlan"/> as the `status` table or JSON.</summary>
internal static class StatusReport
{
    public static void Write(MigrationPlan plan, AnalyticsSection? analytics, bool json)
    {
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("migrations");
                foreach (var s in plan.States)
                {
                    w.WriteStartObject();
                    if (s.Version is { } v)
                    {
                        w.WriteNumber("version", v);
                    }
                    else
                    {
                        w.WriteNull("version");
                    }

                    w.WriteString("file", s.FileName);
                    w.WriteString("status", MigrationState.Key(s.Status));
                    WriteOptional(w, "appliedAt", s.Row?.AppliedAt?.ToString("s", CultureInfo.InvariantCulture));
                    WriteOptional(w, "method", s.Row is { } row ? Ledger.FormatMethod(row.Method) : null);
                    WriteOptional(w, "appliedChecksum", s.Row?.Checksum);
                    WriteOptional(w, "embeddedChecksum", s.Script?.Checksum);
                    if (s.StatementsDone > 0)
                    {
                        w.WriteNumber("statementsDone", s.StatementsDone);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("pending", plan.Pending.Count());
                w.WriteNumber("drifted", plan.Drifted.Count());
                w.WriteNumber("unknown", plan.Unknown.Count());
                if (analytics is { } a)
                {
                    AnalyticsStatusReport.WriteJson(w, a);
                }

                w.WriteEndObject();
            });
            return;
        }

        Console.WriteLine($"{"VERSION",7}  {"STATUS",-34}  {"APPLIED AT",-19}  FILE");
        foreach (var s in plan.States)
        {
            var version = s.Version?.ToString(CultureInfo.InvariantCulture) ?? "-";
            var appliedAt = s.Row?.AppliedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
            Console.WriteLine($"{version,7}  {s.Describe(),-34}  {appliedAt,-19}  {s.FileName}");
            if (s.Status == MigrationStatus.Drifted)
            {
                Console.WriteLine($"{string.Empty,7}  applied  {s.Row!.Checksum}");
                Console.WriteLine($"{string.Empty,7}  embedded {s.Script!.Checksum}");
            }
        }

        var pending = plan.Pending.Count();
        var drifted = plan.Drifted.Count();
        var unknown = plan.Unknown.Count();
        Console.WriteLine(drifted + unknown > 0
            ? $"ATTENTION: {drifted} drifted, {unknown} unknown to this binary, {pending} pending (run 'cocktaildb-ops verify')"
            : pending > 0 ? $"{pending} pending: run 'cocktaildb-ops migrate'" : "up to date");
        if (analytics is { } section)
        {
            AnalyticsStatusReport.Write(section);
        }
    }

    private static void WriteOptional(System.Text.Json.Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
