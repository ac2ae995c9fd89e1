using System;
using System.Collections.Generic;
using CocktailDb.Ops.Generators.Models;

namespace CocktailDb.Ops.Generators.Lint;

/// <summary>
/// Whether a DEFAULT expression is volatile, judged from its text: constants, casts, the
/// CURRENT_* keywords and a list of built-in stable or immutable functions are safe; a known
/// volatile function, or any function the build knows nothing about, is not. Volatility is a
/// property of the function in the database, which the build cannot see, so unknown functions
/// are reported and a suppression can state that they are STABLE or IMMUTABLE.
/// </summary>
internal static class DefaultVolatility
{
    private static readonly HashSet<string> Volatile = new(StringComparer.OrdinalIgnoreCase)
    {
        "random", "random_normal", "clock_timestamp", "timeofday", "gen_random_uuid", "uuidv4", "uuidv7",
        "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "gen_random_bytes", "nextval", "setval",
        "pg_current_xact_id", "txid_current",
    };

    // Built-in functions that are STABLE or IMMUTABLE (pg_proc.provolatile 's' or 'i').
    private static readonly HashSet<string> NotVolatile = new(StringComparer.OrdinalIgnoreCase)
    {
        "now", "transaction_timestamp", "statement_timestamp", "current_setting", "lower", "upper", "length",
        "coalesce", "nullif", "greatest", "least", "abs", "round", "trunc", "floor", "ceil", "concat", "btrim",
        "ltrim", "rtrim", "replace", "substr", "left", "right", "md5", "to_char", "to_date", "to_timestamp",
        "make_date", "make_time", "make_timestamp", "make_timestamptz", "make_interval", "date_trunc",
        "jsonb_build_object", "jsonb_build_array", "json_build_object", "json_build_array", "to_jsonb", "to_json",
        "array_length", "cardinality", "current_schema", "current_database", "timezone",
    };

    // Words followed by '(' that are syntax, not function calls.
    private static readonly HashSet<string> NotFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "CAST", "ARRAY", "ROW", "INTERVAL", "TIMESTAMP", "TIME", "VARCHAR", "CHAR", "CHARACTER", "NUMERIC",
        "DECIMAL", "FLOAT", "BIT", "VARYING", "PRECISION", "EXTRACT", "POSITION", "SUBSTRING", "TRIM", "OVERLAY",
    };

    /// <summary>Null when the default is not volatile; otherwise why it is (or may be).</summary>
    public static string? Describe(StatementText s, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var start = i;
            var name = s.ReadName(ref i);
            if (name is null)
            {
                continue;
            }

            if (!s.IsPunctuation(i, '('))
            {
                i--;
                continue;
            }

            var unqualified = name.Substring(name.LastIndexOf('.') + 1);
            if (start > from && s.IsPunctuation(start - 1, ':'))
            {
                // A cast to a type with a modifier: '1'::numeric(10, 2).
                i--;
                continue;
            }

            if (Volatile.Contains(unqualified))
            {
                return "DEFAULT " + unqualified + "() is volatile: it is computed and written for every existing row";
            }

            if (!NotVolatile.Contains(unqualified) && !NotFunctions.Contains(unqualified))
            {
                return "DEFAULT calls " + name + "(), whose volatility the build cannot see: a volatile default is computed and written for every existing row";
            }

            i--;
        }

        return null;
    }
}
