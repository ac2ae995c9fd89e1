using CocktailDb.Ops.Tests.Harness;

namespace CocktailDb.Ops.Tests.Analytics;

/// <summary>schema.sql must describe exactly what the migrations build.</summary>
[Collection(AnalyticsPostgresCollection.Name)]
public sealed class SchemaEquivalenceTests(PostgresServer server)
{
    // Every object of the public schema, as PostgreSQL prints it back. The ledger is left out:
    // it is the tool's own table, not part of the application's schema.
    private const string CatalogSql = """
        SELECT string_agg(line, E'\n' ORDER BY line) FROM (
            SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                   || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
                   || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END AS line
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'p') AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relname <> 'schema_migrations'
            UNION ALL
            SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> 'schema_migrations'::regclass
            UNION ALL
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
            UNION ALL
            SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
            UNION ALL
            SELECT 'view ' || viewname || ' ' || pg_get_viewdef(('public.' || viewname)::regclass) FROM pg_views WHERE schemaname = 'public'
            UNION ALL
            SELECT 'sequence ' || sequencename || ' ' || data_type::text FROM pg_sequences WHERE schemaname = 'public'
            UNION ALL
            SELECT 'trigger enabled ' || t.tgname || ' ' || t.tgenabled::text FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
            UNION ALL
            SELECT 'replica identity ' || relname || ' ' || relreplident::text FROM pg_class
            WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> 'schema_migrations'
            UNION ALL
            SELECT 'function acl ' || proname || ' ' || coalesce(array_to_string(proacl, ','), 'default') FROM pg_proc WHERE pronamespace = 'public'::regnamespace
        ) AS catalog
        """;

    [Fact]
    public async Task A_fresh_install_and_a_database_upgraded_by_migrations_from_before_09_have_the_same_catalog()
    {
        var fresh = await server.CreateDatabaseAsync();
        var freshInstall = await OpsBinary.RunAsync(fresh.Environment(), "migrate");
        Assert.True(freshInstall.ExitCode == 0, freshInstall.ToString());
        Assert.Contains("installed schema.sql", freshInstall.StdOut);

        var upgraded = await server.CreateDatabaseAsync();
        await upgraded.ExecuteAsync(RepositoryFiles.CoreSchemaSql);
        await upgraded.ExecuteAsync("CREATE TABLE schema_migrations (filename TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
        await upgraded.ExecuteAsync("INSERT INTO schema_migrations (filename) SELECT format('%s_migration_before_analytics.sql', lpad(v::text, 2, '0')) FROM generate_series(1, 8) AS v");
        var upgrade = await OpsBinary.RunAsync(upgraded.Environment(), "migrate");
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Contains("applied 09_migration_add_analytics_refresh_state.sql", upgrade.StdOut);
        Assert.Contains("applied 14_migration_lossless_analytics_change_tracking.sql", upgrade.StdOut);

        var expected = await fresh.ScalarAsync<string>(CatalogSql);
        var actual = await upgraded.ScalarAsync<string>(CatalogSql);
        Assert.Contains("trigger CREATE TRIGGER analytics_recipes_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.recipes FOR EACH STATEMENT", expected);
        Assert.Contains("trigger enabled analytics_recipes_changed A", expected);
        Assert.Contains("replica identity analytics_changes f", expected);
        Assert.Contains("view analytics_refresh_state", expected);
        Assert.Equal(expected, actual);
    }
}
