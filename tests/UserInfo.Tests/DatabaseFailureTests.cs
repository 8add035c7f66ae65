using System.Net;
using System.Net.Http.Json;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Postgres;
using Growbin.UserInfo.Apis;

namespace Growbin.UserInfo.Tests;

/// <summary>
/// Statements that fail while they run, on the growbin-db double that answers like the real binding: its query gives
/// an empty success then (bindings/postgres/postgres.go never checks rows.Err()), its exec the error. A failed read
/// must be a 503, never "no such user" or an empty history; a failed write is never reported as done.
/// </summary>
[Collection(UserInfoCollection.Name)]
public sealed class DatabaseFailureTests(UserInfoHost host)
{
    private const string Me = "/api/v1/users/me";

    private static Func<ExecutedStatement, bool> Of(Guid userId, string? sql = null) =>
        s => s.Params.Any(p => p.ToString() == userId.ToString("D")) && (sql is null || s.Sql == sql);

    private static async Task ShouldBeUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.DependencyUnavailable);
    }

    private Task<string?> NicknameAsync(Guid userId) =>
        host.Database.ScalarAsync<string>("SELECT nickname FROM growbin.users WHERE id = $1", userId);

    [Fact]
    public async Task Get_me_whose_read_fails_while_it_runs_is_503_not_user_not_found()
    {
        var userId = await host.CreateUserAsync("읽기실패");
        using var denied = host.Database.Binding.DenyAtExecution(Of(userId));

        await ShouldBeUnavailableAsync(await host.ClientFor(userId).GetAsync(Me));

        host.Database.Binding.Executed[^1].HiddenError.Should().Contain("(SQLSTATE 42501)", "the binding answered [] with success");
    }

    [Fact]
    public async Task History_whose_read_fails_while_it_runs_is_503_not_an_empty_page()
    {
        var userId = await host.CreateUserAsync();
        await host.InsertScanAsync(userId, UserInfoHost.NewScanId(), DateTimeOffset.UtcNow);
        using var denied = host.Database.Binding.DenyAtExecution(Of(userId));

        await ShouldBeUnavailableAsync(await host.ClientFor(userId).GetAsync($"/api/v1/users/{userId}/history"));
    }

    [Fact]
    public async Task History_whose_rows_are_cut_short_is_503_not_a_shorter_last_page()
    {
        var userId = await host.CreateUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await host.InsertScanAsync(userId, UserInfoHost.NewScanId(), DateTimeOffset.UtcNow.AddMinutes(-i));
        }

        using var drop = host.Database.Binding.DropConnectionAt(Of(userId), afterRows: 2);

        await ShouldBeUnavailableAsync(await host.ClientFor(userId).GetAsync($"/api/v1/users/{userId}/history"));
    }

    [Fact]
    public async Task Put_me_whose_update_is_refused_while_it_runs_is_an_error_and_changes_nothing()
    {
        var userId = await host.CreateUserAsync("그대로");
        using var denied = host.Database.Binding.DenyAtExecution(Of(userId, Data.UserQueries.ReplaceProfile));

        var response = await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname = "바뀐이름" });

        var problem = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.InternalServerError);
        problem.GetProperty("status").GetInt32().Should().Be(500);
        (await NicknameAsync(userId)).Should().Be("그대로");
    }

    [Fact]
    public async Task Put_me_whose_connection_drops_on_the_update_is_503()
    {
        var userId = await host.CreateUserAsync("그대로");
        using var drop = host.Database.Binding.DropConnectionAt(Of(userId, Data.UserQueries.ReplaceProfile));

        await ShouldBeUnavailableAsync(await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname = "바뀐이름" }));

        (await NicknameAsync(userId)).Should().Be("그대로");
    }

    [Fact]
    public async Task Put_me_whose_read_back_fails_is_503_not_user_not_found()
    {
        var userId = await host.CreateUserAsync("그대로");
        using var denied = host.Database.Binding.DenyAtExecution(Of(userId, PostgresBindingAnswered(Data.UserQueries.GetProfile)));

        await ShouldBeUnavailableAsync(await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname = "바뀐이름" }));

        (await NicknameAsync(userId)).Should().Be("바뀐이름", "the update ran; a retried PUT writes the same again");
    }

    [Fact]
    public async Task Delete_me_whose_delete_is_refused_keeps_the_user_and_announces_nothing()
    {
        var userId = await host.CreateUserAsync();
        using var denied = host.Database.Binding.DenyAtExecution(Of(userId, Data.UserQueries.DeleteUser));

        var response = await host.ClientFor(userId).DeleteAsync(Me);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await host.CountAsync("SELECT count(*) FROM growbin.users WHERE id = $1", userId)).Should().Be(1);
        host.Dapr.Published<UserDeleted>(Topics.UserDeleted).Should().NotContain(e => e.UserId == userId.ToString());
    }

    [Fact]
    public async Task A_scan_whose_insert_is_refused_while_it_runs_is_retried_not_recorded_as_done()
    {
        var userId = await host.CreateUserAsync();
        var scanId = UserInfoHost.NewScanId();
        using var denied = host.Database.Binding.DenyAtExecution(Of(userId, Data.UserQueries.RecordScan));

        var response = await host.DeliverAsync(EventsApi.ScanCompletedRoute, Topics.ScanCompleted, new ScanCompleted(
            Guid.NewGuid(), DateTimeOffset.UtcNow, scanId, userId.ToString(), "glass-bottle", "유리병", "glass",
            "내용물을 비우고 유리병 전용 수거함에", "images/0f0e.jpg", DateTimeOffset.UtcNow));

        var body = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.InternalServerError);
        body.GetProperty("status").GetString().Should().Be("RETRY");
        (await host.CountAsync("SELECT count(*) FROM growbin.scan_history WHERE scan_id = $1", scanId)).Should().Be(0);
    }

    [Fact]
    public async Task Timestamps_the_sidecar_reports_in_its_own_zone_are_answered_in_utc()
    {
        var userId = await host.CreateUserAsync();
        var completedAt = new DateTimeOffset(2026, 12, 3, 14, 5, 0, TimeSpan.Zero).AddTicks(1234560);
        await host.InsertScanAsync(userId, UserInfoHost.NewScanId(), completedAt);
        host.Database.Binding.SidecarTimeZone.Should().NotBe(TimeZoneInfo.Utc, "the double answers timestamptz as +09:00");

        var client = host.ClientFor(userId);
        var profile = await (await client.GetAsync(Me)).Content.ReadAsStringAsync();
        var history = await (await client.GetAsync($"/api/v1/users/{userId}/history")).Content.ReadAsStringAsync();

        history.Should().Contain("\"completedAt\":\"2026-12-03T14:05:00.123456+00:00\"");
        profile.Should().MatchRegex("\"createdAt\":\"[0-9T:.-]+\\+00:00\"").And.NotContain("+09:00");
    }

    private static string PostgresBindingAnswered(string sql) => ServiceDefaults.Data.PostgresBinding.Answered(sql);
}
