using Growbin.Contracts;
using Growbin.DbMigrator;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Growbin.Location.Tests;

/// <summary>
/// Like <see cref="GrowbinDatabase"/> (a migrated database on the shared test server, with a
/// <see cref="PostgresBindingHandler"/> on it), but created with <c>LC_CTYPE 'C.UTF-8'</c>. pg_trgm counts only
/// "alphanumeric" characters as parts of words, and under the C ctype the test cluster is initialised with, no Hangul
/// syllable is one: Korean names would have no trigrams and search would fall back to plain substrings. Production
/// databases run a UTF-8 ctype (see services/location/README.md), so the tests do too.
/// </summary>
public sealed class LocationDatabase : IAsyncDisposable
{
    private LocationDatabase(string connectionString)
    {
        Sql = NpgsqlDataSource.Create(connectionString);
        Binding = new PostgresBindingHandler(connectionString);
    }

    public PostgresBindingHandler Binding { get; }

    public NpgsqlDataSource Sql { get; }

    public static async Task<LocationDatabase> CreateAsync()
    {
        var server = PostgresServer.Shared;
        // Creates the database once the ordinary way first, so the server is started and PostGIS known to be there.
        await using (await GrowbinDatabase.CreateAsync("location_probe"))
        {
        }

        var name = $"location_{Guid.NewGuid():N}"[..30];
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand(
                $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
        var database = new LocationDatabase(connectionString);
        await using (var postgis = database.Sql.CreateCommand("CREATE EXTENSION IF NOT EXISTS postgis"))
        {
            await postgis.ExecuteNonQueryAsync();
        }

        await new MigrationRunner(database.Sql, NullLogger<MigrationRunner>.Instance)
            .ApplyAsync(Migration.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "migrations")));
        return database;
    }

    public InMemoryDaprClient AttachTo(InMemoryDaprClient dapr) => dapr.RegisterBinding(DaprComponents.Database, Binding);

    public async ValueTask DisposeAsync()
    {
        await Binding.DisposeAsync();
        await Sql.DisposeAsync();
    }
}
