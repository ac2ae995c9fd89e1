// Compiled into both the generator and the CLI: the hash computed at build time and the one
// computed when checking a file at run time must come from the same code.
using System;
using System.Security.Cryptography;
using System.Text;

namespace CocktailDb.Ops.Shared;

/// <summary>
/// The checksum of a migration's text. SHA-256 of the UTF-8 bytes after removing a byte-order
/// mark and turning CRLF and CR into LF, so a Windows checkout never looks like drift.
/// </summary>
internal static class MigrationChecksum
{
    /// <summary>Stored beside every checksum so the algorithm can change without false drift alarms.</summary>
    public const string Algorithm = "sha256-lf";

    /// <summary>The text as it is hashed and as it is run: no BOM, LF line ends.</summary>
    public static string Normalize(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        return text.IndexOf('\r') < 0 ? text : text.Replace("\r\n", "\n").Replace('\r', '\n');
    }

    /// <summary>Lower-case hex SHA-256 of the normalised text.</summary>
    public static string Compute(string text) => Sha256Hex(Normalize(text));

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>, as is.</summary>
    public static string Sha256Hex(string text)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(new UTF8Encoding(false).GetBytes(text));
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
