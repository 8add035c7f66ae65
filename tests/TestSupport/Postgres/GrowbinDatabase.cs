using Growbin.Contracts;
using Growbin.DbMigrator;
using Growbin.TestSupport.Dapr;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Growbin.TestSupport.Postgres;

/// <summary>
/// A fresh database with every migration of the migrator applied, and a <see cref="PostgresBindingHandler"/> on it:
/// register <see cref="Binding"/> as <c>growbin-db</c> and an app's SQL runs on the real schema. <see cref="Sql"/> is
/// for a test's own setup and checks.
/// </summary>
public sealed class GrowbinDatabase : IAsyncDisposable
{
    private GrowbinDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        Sql = NpgsqlDataSource.Create(connectionString);
        Binding = new PostgresBindingHandler(connectionString);
    }

    public string ConnectionString { get; }

    public PostgresBindingHandler Binding { get; }

    public NpgsqlDataSource Sql { get; }

    /// <summary>Creates the database <paramref name="prefix"/>_(random) and migrates it.</summary>
    public static async Task<GrowbinDatabase> CreateAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        var database = new GrowbinDatabase(await PostgresServer.Shared.CreateDatabaseAsync(name));
        await new MigrationRunner(database.Sql, NullLogger<MigrationRunner>.Instance)
            .ApplyAsync(Migration.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "migrations")));
        return database;
    }

    /// <summary>Registers <see cref="Binding"/> as the growbin-db component of <paramref name="dapr"/>.</summary>
    public InMemoryDaprClient AttachTo(InMemoryDaprClient dapr) => dapr.RegisterBinding(DaprComponents.Database, Binding);

    /// <summary>The first column of the first row, or default when there is no row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var command = Sql.CreateCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
        await Binding.DisposeAsync();
        await Sql.DisposeAsync();
    }
}
