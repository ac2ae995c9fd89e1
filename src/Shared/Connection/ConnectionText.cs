using Npgsql;

namespace CocktailDb.Ops.Shared.Connection;

/// <summary>
/// Reads a --connection value: a postgres:// URL or an Npgsql connection string. Compiled into
/// the CLI and into the MSBuild tasks, so the build's check for a password on the command line
/// reads the value exactly as the binary will: every keyword Npgsql takes for the password
/// (Password, PWD, PSW, in any case and spacing) ends up in <see cref="NpgsqlConnectionStringBuilder.Password"/>.
/// </summary>
internal static class ConnectionText
{
    /// <returns>Null when the text is neither; the error Npgsql would give may echo the text, password included, so none is passed on.</returns>
    public static NpgsqlConnectionStringBuilder? TryParse(string text)
    {
        try
        {
            return PostgresUrl.IsUrl(text) ? PostgresUrl.Parse(text) : new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return null;
        }
    }
}
