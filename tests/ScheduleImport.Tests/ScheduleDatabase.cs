using Growbin.ScheduleImport.Import;
using Growbin.ServiceDefaults.Data;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Postgres;
using Npgsql;

namespace Growbin.ScheduleImport.Tests;

/// <summary>
/// A real migrated PostgreSQL for the collection, with growbin-db on the in-memory Dapr double. Tests run one at a time
/// and start with <see cref="ResetAsync"/> (no imports, no schedules).
/// </summary>
public sealed class ScheduleDatabase : IAsyncLifetime
{
    public GrowbinDatabase Database { get; private set; } = null!;

    public InMemoryDaprClient Dapr { get; } = new();

    public async Task InitializeAsync()
    {
        Database = await GrowbinDatabase.CreateAsync("schedules");
        Database.AttachTo(Dapr);
    }

    public async Task DisposeAsync()
    {
        Dapr.Dispose();
        await Database.DisposeAsync();
    }

    public async Task ResetAsync()
    {
        Database.AttachTo(Dapr);
        await ExecAsync("TRUNCATE growbin.schedule_regions, growbin.collection_schedules, growbin.schedule_imports");
    }

    public ScheduleImporter Importer() => new(new ScheduleWriter(new PostgresBinding(Dapr)));

    public Task<ScheduleImportReport> ImportAsync(string sample, bool dryRun = false) => ImportFileAsync(Samples.File(sample), dryRun);

    public Task<ScheduleImportReport> ImportFileAsync(string file, bool dryRun = false) =>
        Importer().ImportAsync(new ScheduleImportOptions(file, DryRun: dryRun));

    /// <summary>What a reader sees: the rows of each 시·군·구's published import, as (시·도 시·군·구, 관리구역) pairs in order.</summary>
    public async Task<List<string>> PublishedAsync()
    {
        var rows = new List<string>();
        await using var command = Database.Sql.CreateCommand("""
            SELECT s.sido || ' ' || s.sigungu || ' ' || s.area_name
            FROM growbin.collection_schedules AS s
            JOIN growbin.schedule_regions AS r ON r.sido = s.sido AND r.sigungu_key = s.sigungu_key AND r.import_id = s.import_id
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows.Order(StringComparer.Ordinal).ToList();
    }

    public Task<long> CountAsync(string table) => Database.ScalarAsync<long>($"SELECT count(*) FROM growbin.{table}");

    public async Task ExecAsync(string sql, params object[] args)
    {
        await using var command = Database.Sql.CreateCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        await command.ExecuteNonQueryAsync();
    }
}
