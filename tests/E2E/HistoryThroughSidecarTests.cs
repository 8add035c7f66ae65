using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;

namespace Growbin.E2E.Tests;

/// <summary>
/// A <c>scan-completed</c> delivery to userinfo: scan-pipeline's FinishScan publishes the event on <c>pubsub</c>
/// (RabbitMQ), userinfo's sidecar delivers it to the route its subscription names, and userinfo records it in
/// scan_history through the growbin-db binding. The user's history (<c>GET /api/v1/users/{id}/history</c>, through
/// userinfo's sidecar) then lists the scan. Delivery is asynchronous, so the history is polled, within a bound.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class HistoryThroughSidecarTests(RunningSystem system)
{
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromMinutes(1);

    [DaprdFact]
    public async Task A_completed_scan_reaches_the_users_history_through_pubsub()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await Scans.ReadyAsync(http, system);
        var user = await DevLogin.LoginAsync(http, system);

        var taskId = await Scans.SubmitAsync(http, system, user.AccessToken, Scans.NewPhoto());
        var scan = await Scans.FinishedAsync(http, system, user.AccessToken, taskId);
        Scans.Status(scan).Should().Be(ScanStatus.Completed, scan.ToString());

        var (listed, page) = await Eventually.UntilAsync(
            ct => HistoryAsync(http, user, user.UserId, ct),
            history => Items(history).Any(i => i.GetProperty("scanId").GetString() == taskId), DeliveryDeadline);
        listed.Should().BeTrue($"userinfo records scan {taskId} from its scan-completed event (last page: {page})");

        var item = Items(page).Single(i => i.GetProperty("scanId").GetString() == taskId);
        var result = scan.GetProperty("result");
        item.GetProperty("itemId").GetString().Should().Be(result.GetProperty("answer").GetProperty("itemId").GetString());
        item.GetProperty("imageKey").GetString().Should().Be(result.GetProperty("imageKey").GetString());
        item.GetProperty("category").GetString().Should().NotBeNullOrEmpty();
        Items(page).Count(i => i.GetProperty("scanId").GetString() == taskId).Should().Be(1, "one scan, one history row");
    }

    [DaprdFact]
    public async Task Another_users_history_is_forbidden_through_the_sidecar()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var owner = await DevLogin.LoginAsync(http, system);
        var other = await DevLogin.LoginAsync(http, system);

        using var response = await SendHistoryAsync(http, other, owner.UserId, CancellationToken.None);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    private async Task<JsonElement> HistoryAsync(HttpClient http, DevSession user, string userId, CancellationToken cancellationToken)
    {
        using var response = await SendHistoryAsync(http, user, userId, cancellationToken);
        response.EnsureSuccessStatusCode(); // anything else is "not yet" to the poll
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private Task<HttpResponseMessage> SendHistoryAsync(HttpClient http, DevSession user, string userId, CancellationToken cancellationToken)
    {
        var url = $"http://127.0.0.1:{system.SidecarPorts[AppIds.UserInfo]}/v1.0/invoke/{AppIds.UserInfo}/method/api/v1/users/{userId}/history?limit=50";
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return http.SendAsync(request, cancellationToken);
    }

    private static IReadOnlyList<JsonElement> Items(JsonElement page) =>
        page.ValueKind == JsonValueKind.Object && page.TryGetProperty("items", out var items) ? [.. items.EnumerateArray()] : [];
}
