using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.Postgres;

namespace Growbin.UserInfo.Tests;

/// <summary>
/// userinfo with the Dapr double as its sidecar and a real, migrated PostgreSQL behind growbin-db, shared by every
/// test: each test makes its own users (fresh uuids), so tests never see each other's rows.
/// </summary>
public sealed class UserInfoHost : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public InMemoryDaprClient Dapr { get; } = new();

    public TestTokens Tokens { get; } = new();

    public GrowbinDatabase Database { get; private set; } = null!;

    public GrowbinAppFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await GrowbinDatabase.CreateAsync("userinfo");
        Database.AttachTo(Dapr);
        // Generous: tests share no user, but a paging walk should never meet the rate limit.
        Factory = Tokens.ApplyTo(new GrowbinAppFactory<Program>(Dapr))
            .WithSetting("RateLimiting:PerUser:TokenLimit", "1000")
            .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "1000");
    }

    /// <summary>Stops userinfo after every test; then fails the run if they left a state key without a TTL (Redis runs noeviction).</summary>
    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        Tokens.Dispose();
        StateTtlAudit.Of(Dapr).ThrowIfAnyWithoutTtl();
    }

    public HttpClient ClientFor(Guid userId) => ClientFor(userId.ToString());

    public HttpClient ClientFor(string sub) => Tokens.Authorize(Factory.CreateClient(), sub);

    public HttpClient ClientWithToken(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A users row as auth would create it at first login, with one linked identity.</summary>
    public async Task<Guid> CreateUserAsync(string nickname = "초록이", string? region = null)
    {
        var id = (await Database.ScalarAsync<Guid>(
            "INSERT INTO growbin.users (nickname, region) VALUES ($1, $2) RETURNING id", nickname, (object?)region ?? DBNull.Value))!;
        await using var identity = Database.Sql.CreateCommand(
            "INSERT INTO growbin.user_identities (provider, subject, user_id) VALUES ('kakao', $1, $2)");
        identity.Parameters.AddWithValue(Guid.NewGuid().ToString("N"));
        identity.Parameters.AddWithValue(id);
        await identity.ExecuteNonQueryAsync();
        return id;
    }

    public async Task InsertScanAsync(Guid userId, string scanId, DateTimeOffset completedAt, string itemName = "페트병")
    {
        await using var command = Database.Sql.CreateCommand("""
            INSERT INTO growbin.scan_history (scan_id, user_id, item_id, item_name, category, answer_summary, image_key, completed_at)
            VALUES ($1, $2, 'pet-bottle', $3, 'plastic', '라벨을 떼고 헹궈서 투명 페트병으로', $4, $5)
            """);
        command.Parameters.AddWithValue(scanId);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(itemName);
        command.Parameters.AddWithValue($"images/{scanId}.jpg");
        command.Parameters.AddWithValue(completedAt);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string sql, params object[] args) => (await Database.ScalarAsync<long>(sql, args))!;

    /// <summary>POSTs <paramref name="data"/> to a subscription route the way the sidecar delivers it: a CloudEvent.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string route, string topic, object data)
    {
        var content = CloudEvents.Envelope(topic, data, AppIds.ScanPipeline);
        return await Factory.CreateClient().PostAsync(route, content);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string NewScanId() => Guid.NewGuid().ToString("N");
}
