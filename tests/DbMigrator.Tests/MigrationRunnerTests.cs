using Growbin.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Growbin.DbMigrator.Tests;

public sealed class MigrationRunnerTests
{
    private static readonly string RepositoryMigrations = Path.Combine(AppContext.BaseDirectory, "migrations");

    [Fact]
    public async Task Repository_migrations_create_the_growbin_schema_with_postgis_and_record_each_version()
    {
        await using var db = await FreshDatabaseAsync();
        var migrations = Migration.LoadDirectory(RepositoryMigrations);

        var applied = await Runner(db).ApplyAsync(migrations);

        applied.Select(m => m.Version).Should().Equal(migrations.Select(m => m.Version));
        (await ScalarAsync<long>(db, "SELECT count(*) FROM public.schema_migrations")).Should().Be(migrations.Count);
        (await ScalarAsync<bool>(db, "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'growbin')")).Should().BeTrue();
        (await ScalarAsync<string>(db, "SELECT ST_AsText(ST_MakePoint(126.978, 37.5665))")).Should().Be("POINT(126.978 37.5665)");
    }

    [Fact]
    public async Task A_second_run_applies_nothing()
    {
        await using var db = await FreshDatabaseAsync();
        var migrations = Migration.LoadDirectory(RepositoryMigrations);
        await Runner(db).ApplyAsync(migrations);

        var again = await Runner(db).ApplyAsync(migrations);

        again.Should().BeEmpty();
    }

    [Fact]
    public async Task Pending_migrations_run_in_version_order_after_the_applied_ones()
    {
        await using var db = await FreshDatabaseAsync();
        await Runner(db).ApplyAsync([Migration.Parse("0001_a.sql", "CREATE TABLE t (step text)")]);

        var applied = await Runner(db).ApplyAsync(
        [
            Migration.Parse("0003_c.sql", "INSERT INTO t VALUES ('c')"),
            Migration.Parse("0001_a.sql", "CREATE TABLE t (step text)"),
            Migration.Parse("0002_b.sql", "INSERT INTO t VALUES ('b')"),
        ]);

        applied.Select(m => m.Name).Should().Equal("b", "c");
        (await ScalarAsync<string>(db, "SELECT string_agg(step, ',' ORDER BY ctid) FROM t")).Should().Be("b,c");
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_not_recorded()
    {
        await using var db = await FreshDatabaseAsync();

        var run = () => Runner(db).ApplyAsync(
        [
            Migration.Parse("0001_ok.sql", "CREATE TABLE kept (id int)"),
            Migration.Parse("0002_broken.sql", "CREATE TABLE half (id int); SELECT no_such_function()"),
        ]);

        (await run.Should().ThrowAsync<MigrationFailedException>()).Which.Migration.Version.Should().Be(2);
        (await ScalarAsync<long>(db, "SELECT count(*) FROM public.schema_migrations")).Should().Be(1);
        (await ScalarAsync<bool>(db, "SELECT to_regclass('public.half') IS NULL")).Should().BeTrue();
        (await ScalarAsync<bool>(db, "SELECT to_regclass('public.kept') IS NOT NULL")).Should().BeTrue();
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_stops_the_run()
    {
        await using var db = await FreshDatabaseAsync();
        await Runner(db).ApplyAsync([Migration.Parse("0001_a.sql", "CREATE TABLE t (id int)")]);

        var run = () => Runner(db).ApplyAsync(
        [
            Migration.Parse("0001_a.sql", "CREATE TABLE t (id bigint)"),
            Migration.Parse("0002_b.sql", "CREATE TABLE u (id int)"),
        ]);

        await run.Should().ThrowAsync<InvalidOperationException>().WithMessage("*0001_a*new migration*");
        (await ScalarAsync<bool>(db, "SELECT to_regclass('public.u') IS NULL")).Should().BeTrue();
    }

    [Fact]
    public async Task Concurrent_runs_take_turns_and_apply_each_migration_once()
    {
        await using var db = await FreshDatabaseAsync();
        var migrations = new[]
        {
            Migration.Parse("0001_a.sql", "CREATE TABLE t (id int)"),
            Migration.Parse("0002_b.sql", "INSERT INTO t VALUES (1)"),
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner(db).ApplyAsync(migrations))));

        results.Sum(r => r.Count).Should().Be(2);
        (await ScalarAsync<long>(db, "SELECT count(*) FROM t")).Should().Be(1);
    }

    [Theory]
    [InlineData("1_init.sql")]
    [InlineData("0001-init.sql")]
    [InlineData("0001_Init.sql")]
    [InlineData("init.sql")]
    public void Badly_named_files_are_refused(string fileName)
    {
        var parse = () => Migration.Parse(fileName, "SELECT 1");

        parse.Should().Throw<FormatException>().WithMessage("*NNNN_description.sql*");
    }

    [Fact]
    public void Two_files_with_one_version_are_refused()
    {
        var dir = Directory.CreateTempSubdirectory("growbin-migrations-");
        File.WriteAllText(Path.Combine(dir.FullName, "0001_a.sql"), "SELECT 1");
        File.WriteAllText(Path.Combine(dir.FullName, "0001_b.sql"), "SELECT 2");

        var load = () => Migration.LoadDirectory(dir.FullName);

        load.Should().Throw<InvalidOperationException>().WithMessage("*version 1*");
        dir.Delete(recursive: true);
    }

    private static MigrationRunner Runner(NpgsqlDataSource db) => new(db, NullLogger<MigrationRunner>.Instance);

    private static async Task<NpgsqlDataSource> FreshDatabaseAsync() =>
        NpgsqlDataSource.Create(await PostgresServer.Shared.CreateDatabaseAsync("migrator_" + Guid.NewGuid().ToString("N")[..12]));

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
