using System.Net;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.Postgres;
using Growbin.TestSupport.Kakao;

namespace Growbin.Location.Tests;

/// <summary>
/// location with the Dapr double as its sidecar, a real migrated PostgreSQL + PostGIS (<see cref="GrowbinDatabase"/>) behind growbin-db and a
/// <see cref="FakeKakaoServer"/> behind kakao-local. Tests of the collection run one at a time and each starts with
/// <see cref="ResetAsync"/>: no points, an empty cache, a fresh Kakao server.
/// </summary>
public sealed class LocationHost : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The double's clock (state TTLs); starts at the real now.</summary>
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public InMemoryDaprClient Dapr { get; private set; } = null!;

    public TestTokens Tokens { get; } = new();

    public GrowbinDatabase Database { get; private set; } = null!;

    public GrowbinAppFactory<Program> Factory { get; private set; } = null!;

    public FakeKakaoServer Kakao { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dapr = new InMemoryDaprClient(Clock);
        Database = await GrowbinDatabase.CreateAsync("location");
        Database.AttachTo(Dapr);
        Kakao = await FakeKakaoServer.StartAsync();
        Kakao.AttachTo(Dapr);
        Factory = Tokens.ApplyTo(new GrowbinAppFactory<Program>(Dapr))
            .WithSetting("RateLimiting:PerUser:TokenLimit", "10000")
            .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "10000")
            // Shorter than the 3 s default so the timeout test is quick, long enough for a loaded machine.
            .WithSetting("Kakao:Timeout", "00:00:02");
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Kakao.DisposeAsync();
        await Database.DisposeAsync();
        Tokens.Dispose();
    }

    /// <summary>
    /// Empties collection_points and the state store, and puts a fresh Kakao server behind kakao-local, sending
    /// <paramref name="authorization"/> (default: the server's own key).
    /// </summary>
    public async Task<FakeKakaoServer> ResetAsync(string? authorization = null)
    {
        await using (var truncate = Database.Sql.CreateCommand("TRUNCATE growbin.collection_points"))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        foreach (var key in Dapr.StateKeys(DaprComponents.StateStore))
        {
            await Dapr.DeleteStateAsync(DaprComponents.StateStore, key);
        }

        await Kakao.DisposeAsync();
        Kakao = await FakeKakaoServer.StartAsync();
        Kakao.AttachTo(Dapr, authorization);
        return Kakao;
    }

    public HttpClient Client() => Tokens.Authorize(Factory.CreateClient(), Guid.NewGuid().ToString());

    /// <summary>Inserts a point as the importer would and returns its id.</summary>
    public async Task<Guid> InsertPointAsync(string kind, string name, double lat, double lng, string? address = null,
        string source = "test", string? district = null, string? detail = null, string? openingHours = null)
    {
        await using var command = Database.Sql.CreateCommand("""
            INSERT INTO growbin.collection_points (source, source_id, kind, name, address, detail, district, opening_hours, location)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ST_SetSRID(ST_MakePoint($9, $10), 4326)::geography)
            RETURNING id
            """);
        command.Parameters.AddWithValue(source);
        command.Parameters.AddWithValue(Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue((object?)address ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)detail ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)district ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)openingHours ?? DBNull.Value);
        command.Parameters.AddWithValue(lng);
        command.Parameters.AddWithValue(lat);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
