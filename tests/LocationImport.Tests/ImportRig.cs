using Growbin.Location.Import;
using Growbin.ServiceDefaults.Data;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Kakao;
using Growbin.TestSupport.Postgres;

namespace Growbin.LocationImport.Tests;

/// <summary>
/// One test's sidecar: the in-memory Dapr double with growbin-db on the shared real PostgreSQL and kakao-local on a
/// fresh FakeKakaoServer (so its call count is this test's), and the command or the importer run in-process on it.
/// </summary>
public sealed class ImportRig : IAsyncDisposable
{
    private ImportRig(GrowbinDatabase database, FakeKakaoServer kakao, InMemoryDaprClient dapr)
    {
        Database = database;
        Kakao = kakao;
        Dapr = dapr;
    }

    public GrowbinDatabase Database { get; }

    public FakeKakaoServer Kakao { get; }

    public InMemoryDaprClient Dapr { get; }

    /// <param name="kakaoAuthorization">The Authorization header kakao-local sends (default: the fake's valid key).</param>
    public static async Task<ImportRig> StartAsync(GrowbinDatabase database, string? kakaoAuthorization = null)
    {
        var kakao = await FakeKakaoServer.StartAsync();
        var dapr = new InMemoryDaprClient();
        database.AttachTo(dapr);
        kakao.AttachTo(dapr, kakaoAuthorization);
        return new ImportRig(database, kakao, dapr);
    }

    public async Task<CommandRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ImportCommand.RunAsync(args, Dapr, output, error);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    public Task<ImportReport> ImportAsync(string file, string source, string? mapping = null, bool dryRun = false,
        TimeSpan? kakaoTimeout = null) =>
        new PointImporter(new KakaoAddressGeocoder(Dapr, kakaoTimeout), new CollectionPointWriter(new PostgresBinding(Dapr)))
            .ImportAsync(new ImportOptions(file, source, mapping, dryRun));

    /// <summary>The source's rows by source id, the location read back with ST_Y/ST_X.</summary>
    public async Task<Dictionary<string, StoredPoint>> PointsAsync(string source)
    {
        await using var command = Database.Sql.CreateCommand("""
            SELECT source_id, kind, name, address, detail, district, opening_hours,
                   ST_Y(location::geometry), ST_X(location::geometry), updated_at
            FROM growbin.collection_points
            WHERE source = $1
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = source });
        await using var reader = await command.ExecuteReaderAsync();
        var points = new Dictionary<string, StoredPoint>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            points[reader.GetString(0)] = new StoredPoint(reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(3),
                Text(4), Text(5), Text(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetDateTime(9));
        }

        return points;
    }

    public async ValueTask DisposeAsync()
    {
        await Kakao.DisposeAsync();
        Dapr.Dispose();
    }
}
