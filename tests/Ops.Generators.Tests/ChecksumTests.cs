using System.Security.Cryptography;
using System.Text;
using CocktailDb.Ops.Generators.Tests.Infrastructure;
using static CocktailDb.Ops.Generators.Tests.Infrastructure.SqlFile;

namespace CocktailDb.Ops.Generators.Tests;

public class ChecksumTests
{
    private const string LfText = "-- tags\nCREATE TABLE tags (\n  id int\n);\n";

    private static string Sha256OfUtf8(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(new UTF8Encoding(false).GetBytes(text)));

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_file_hashes_the_same_whatever_its_line_ends_and_bom(string newline)
    {
        var text = LfText.Replace("\n", newline);
        var plain = LoadedManifest.Load(GeneratorHarness.Run(Migration("1_a.sql", text)).Source).Migrations[0];
        var withBom = LoadedManifest.Load(GeneratorHarness.Run(Migration("1_a.sql", "\uFEFF" + text)).Source).Migrations[0];

        Assert.Equal(Sha256OfUtf8(LfText), plain.Checksum);
        Assert.Equal(Sha256OfUtf8(LfText), withBom.Checksum);
        // What runs is the normalised text too: no BOM, no CR.
        Assert.Equal("CREATE TABLE tags (\n  id int\n)", plain.Statements[0].Text);
        Assert.Equal(plain.Statements, withBom.Statements);
    }

    [Fact]
    public void The_checksum_is_the_same_code_the_cli_uses_at_run_time()
    {
        var embedded = LoadedManifest.Load(GeneratorHarness.Run(Migration("1_a.sql", LfText.Replace("\n", "\r\n"))).Source);

        Assert.Equal(Shared.MigrationChecksum.Compute(LfText), embedded.Migrations[0].Checksum);
        Assert.Equal(Shared.MigrationChecksum.Algorithm, embedded.ChecksumAlgorithm);
    }

    [Fact]
    public void The_manifest_hash_covers_kind_version_name_and_checksum_of_every_file()
    {
        var output = GeneratorHarness.Run(
            Migration("01_migration_a.sql", "SELECT 1;\n"),
            Rollback("01_rollback_a.sql", "SELECT -1;\n"),
            Schema("-- schema-version: 1\nSELECT 1;\n"));

        var listing =
            "migration 1 01_migration_a.sql " + Sha256OfUtf8("SELECT 1;\n") + "\n" +
            "rollback 1 01_rollback_a.sql " + Sha256OfUtf8("SELECT -1;\n") + "\n" +
            "schema 1 schema.sql " + Sha256OfUtf8("-- schema-version: 1\nSELECT 1;\n") + "\n";
        Assert.Equal(Sha256OfUtf8(listing), LoadedManifest.Load(output.Source).Hash);
    }

    [Fact]
    public void Changing_any_file_changes_the_manifest_hash()
    {
        var before = LoadedManifest.Load(GeneratorHarness.Run(Migration("1_a.sql", "SELECT 1;")).Source).Hash;
        var after = LoadedManifest.Load(GeneratorHarness.Run(Migration("1_a.sql", "SELECT 1; ")).Source).Hash;

        Assert.NotEqual(before, after);
    }
}
