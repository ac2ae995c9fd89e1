using CocktailDb.Ops.Shared.Connection;

namespace CocktailDb.Ops.MSBuild.Settings;

/// <summary>
/// -p:Connection with a keyword connection string. MSBuild splits the value of -p: at ';' (and
/// ',') into separate properties, so <c>-p:Connection=Host=db;Username=ops</c> arrives as
/// Connection=<c>Host=db</c> plus a property Username=<c>ops</c>. Each such piece is a global
/// property named after a connection-string keyword; they are put back together here.
/// </summary>
public static class ConnectionSetting
{
    /// <summary>Npgsql keywords that are valid MSBuild property names (no spaces), so a split can produce them.</summary>
    private static readonly string[] Keywords =
    [
        "Host", "Server", "Port", "Database", "DB", "Username", "User", "UserId", "Password", "Pwd", "Passfile",
        "SslMode", "TrustServerCertificate", "RootCertificate", "SslCertificate", "SslKey", "SslNegotiation", "GssEncryptionMode",
        "Timeout", "CommandTimeout", "KeepAlive", "TcpKeepAlive", "ApplicationName", "SearchPath", "Options", "Timezone",
        "Pooling", "MinPoolSize", "MaxPoolSize", "ConnectionLifetime", "ConnectionIdleLifetime", "TargetSessionAttributes",
        "LoadBalanceHosts", "HostRecheckSeconds", "KerberosServiceName", "IncludeErrorDetail", "ClientEncoding", "Encoding",
    ];

    /// <summary>
    /// The connection string as the user typed it: <paramref name="connection"/> plus every global
    /// property that is a connection keyword it does not already contain.
    /// </summary>
    /// <returns>The value, and the names of the pieces put back (empty when nothing was split).</returns>
    public static (string Value, IReadOnlyList<string> Rejoined) Rejoin(string connection, IReadOnlyDictionary<string, string> globalProperties)
    {
        // A URL (told apart as the binary does, see PostgresUrl) has no keywords to put back.
        if (PostgresUrl.IsUrl(connection) || !connection.Contains('=', StringComparison.Ordinal))
        {
            return (connection, []);
        }

        var present = connection.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2)[0].Trim().Replace(" ", string.Empty, StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rejoined = new List<string>();
        var value = connection.TrimEnd(';');
        foreach (var keyword in Keywords)
        {
            if (!present.Contains(keyword) && globalProperties.TryGetValue(keyword, out var piece))
            {
                value += $";{keyword}={piece}";
                rejoined.Add(keyword);
                present.Add(keyword);
            }
        }

        return (value, rejoined);
    }
}
