using CocktailDb.Ops.MSBuild.Local;
using CocktailDb.Ops.MSBuild.Tasks;
using CocktailDb.Ops.MSBuild.Tests.Infrastructure;

namespace CocktailDb.Ops.MSBuild.Tests.Tasks;

public sealed class PostgresInstallationTests
{
    private static string FakeInstallTree(params string[] majors)
    {
        var root = Path.Combine(Path.GetTempPath(), "cocktaildb-msbuild-tests", Guid.NewGuid().ToString("N"));
        foreach (var major in majors)
        {
            var bin = Path.Combine(root, "lib", "postgresql", major, "bin");
            Directory.CreateDirectory(bin);
            foreach (var program in PostgresInstallation.Programs)
            {
                File.WriteAllText(Path.Combine(bin, program), string.Empty);
            }
        }

        return root;
    }

    [Fact]
    public void The_newest_installed_major_comes_first_and_an_existing_cluster_keeps_its_own_major()
    {
        var root = FakeInstallTree("9", "13", "16");

        var found = PostgresInstallation.FindAll(pathVariable: null, [Path.Combine(root, "lib", "postgresql", "*", "bin")]);

        Assert.Equal([16, 13, 9], found.Select(f => f.Major!.Value));
        Assert.Equal(16, PostgresInstallation.Choose(null, clusterMajor: null, found).Major);
        Assert.Equal(13, PostgresInstallation.Choose(null, clusterMajor: 13, found).Major);
    }

    [Fact]
    public void Initdb_on_PATH_is_followed_to_its_real_folder_and_preferred()
    {
        var root = FakeInstallTree("15", "17");
        var pathDir = Path.Combine(root, "path-bin");
        Directory.CreateDirectory(pathDir);
        File.CreateSymbolicLink(Path.Combine(pathDir, "initdb"), Path.Combine(root, "lib", "postgresql", "15", "bin", "initdb"));

        var found = PostgresInstallation.FindAll("/nonexistent:" + pathDir, [Path.Combine(root, "lib", "postgresql", "*", "bin")]);

        Assert.Equal([15, 17], found.Select(f => f.Major!.Value));
    }

    [Fact]
    public void No_PostgreSQL_installed_is_an_error_saying_how_to_install_it_or_point_at_a_server()
    {
        var found = PostgresInstallation.FindAll("/nonexistent", [Path.Combine(Path.GetTempPath(), "nothing-here-*", "bin")]);

        var error = Assert.Throws<OpsBuildException>(() => PostgresInstallation.Choose(null, null, found));

        Assert.Equal("OPSB3001", error.Code);
        Assert.Contains("apt-get install postgresql", error.Message);
        Assert.Contains("DB_HOST", error.Message);
        Assert.Contains("-p:Connection=", error.Message);
        Assert.Contains("-p:PostgresBinDir", error.Message);
    }

    [Fact]
    public void A_PostgresBinDir_without_the_programs_is_an_error_naming_it()
    {
        var empty = Scripts.Write("placeholder", string.Empty);
        var dir = Path.GetDirectoryName(empty)!;

        var error = Assert.Throws<OpsBuildException>(() => PostgresInstallation.Choose(dir, null, []));

        Assert.Equal("OPSB3001", error.Code);
        Assert.Contains($"PostgresBinDir '{dir}' does not contain initdb, pg_ctl, createdb", error.Message);
    }
}
