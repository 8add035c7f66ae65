using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Growbin.Contracts;
using Npgsql;

namespace Growbin.E2E.Tests;

/// <summary>
/// A read the real bindings.postgresql hides the error of: table privileges are checked when a statement runs, after
/// pgx has prepared it, and the component's query never checks rows.Err() (components-contrib
/// bindings/postgres/postgres.go), so with SELECT revoked from the app's role the sidecar answers <c>[]</c> with
/// success. The apps must answer 503, not 404. The privilege is granted back in any case.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class DatabaseErrorsThroughSidecarTests(RunningSystem system)
{
    /// <summary>The database and role <c>make infra-up</c> creates; GROWBIN_DB_CONNECTION overrides it, as for <c>make migrate</c>.</summary>
    private static string Connection =>
        Environment.GetEnvironmentVariable("GROWBIN_DB_CONNECTION") is { Length: > 0 } configured
            ? configured
            : "Host=localhost;Port=5432;Database=growbin;Username=growbin;Password=growbin";

    private static string AppRole => new NpgsqlConnectionStringBuilder(Connection).Username
        ?? throw new InvalidOperationException("GROWBIN_DB_CONNECTION names no user");

    [DaprdFact]
    public async Task A_location_read_refused_while_it_runs_is_503_through_the_sidecar_not_404()
    {
        using var http = await SignedInAsync();
        var location = $"http://127.0.0.1:{system.SidecarPorts[AppIds.Location]}/v1.0/invoke/{AppIds.Location}/method/api/v1/locations";
        (await Eventually.GetAsync(http, $"{location}/nearby?lat=37.5665&lng=126.978")).Should().Be(HttpStatusCode.OK, "location is up");
        var unknown = $"{location}/{Guid.NewGuid()}";
        using (var readable = await http.GetAsync(unknown))
        {
            readable.StatusCode.Should().Be(HttpStatusCode.NotFound, "an unknown id while the table is readable");
        }

        await WithoutSelectAsync("growbin.collection_points", async () =>
        {
            using var refused = await http.GetAsync(unknown);
            await ShouldBeUnavailableAsync(refused);
        });
    }

    [DaprdFact]
    public async Task A_profile_read_refused_while_it_runs_is_503_through_the_sidecar_not_user_not_found()
    {
        using var http = await SignedInAsync();
        var me = $"http://127.0.0.1:{system.SidecarPorts[AppIds.UserInfo]}/v1.0/invoke/{AppIds.UserInfo}/method/api/v1/users/me";
        (await Eventually.GetAsync(http, me)).Should().Be(HttpStatusCode.OK, "userinfo is up and the user exists");

        await WithoutSelectAsync("growbin.users", async () =>
        {
            using var refused = await http.GetAsync(me);
            await ShouldBeUnavailableAsync(refused);
        });
    }

    private async Task<HttpClient> SignedInAsync()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var token = await DevLogin.AccessTokenAsync(http, system);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task ShouldBeUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
        using var problem = JsonDocument.Parse(body);
        problem.RootElement.GetProperty("type").GetString().Should().EndWith("/dependency-unavailable");
    }

    /// <summary>Runs <paramref name="test"/> with SELECT on <paramref name="table"/> revoked from the app's role (its owner may revoke and grant its own privileges).</summary>
    private static async Task WithoutSelectAsync(string table, Func<Task> test)
    {
        await PrivilegeAsync($"REVOKE SELECT ON {table} FROM {AppRole}");
        try
        {
            await test();
        }
        finally
        {
            await PrivilegeAsync($"GRANT SELECT ON {table} TO {AppRole}");
        }
    }

    private static async Task PrivilegeAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
