using Npgsql;

namespace CocktailDb.Ops.Configuration;

/// <summary>Turns a libpq-style <c>postgres://user:password@host:port/database?sslmode=x</c> URL into Npgsql settings.</summary>
internal static class PostgresUrl
{
    public static NpgsqlConnectionStringBuilder Parse(string url)
    {
        var uri = new Uri(url);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] == "sslmode" && parts.Length == 2)
            {
                builder["SSL Mode"] = parts[1].Replace("-", string.Empty, StringComparison.Ordinal);
            }
        }

        return builder;
    }
}
