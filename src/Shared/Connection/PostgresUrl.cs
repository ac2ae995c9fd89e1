using Npgsql;

namespace CocktailDb.Ops.Shared.Connection;

/// <summary>
/// Turns a libpq-style <c>postgres://user:password@host:port/database?sslmode=x</c> URL into
/// Npgsql settings. A password may also come as <c>?password=</c>, as libpq allows.
/// </summary>
internal static class PostgresUrl
{
    public static bool IsUrl(string text) =>
        text.StartsWith("postgres://", StringComparison.Ordinal) || text.StartsWith("postgresql://", StringComparison.Ordinal);

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
            if (parts.Length != 2)
            {
                continue;
            }

            switch (Uri.UnescapeDataString(parts[0]))
            {
                case "sslmode":
                    builder["SSL Mode"] = parts[1].Replace("-", string.Empty, StringComparison.Ordinal);
                    break;
                case "password":
                    builder.Password = Uri.UnescapeDataString(parts[1]);
                    break;
            }
        }

        return builder;
    }
}
