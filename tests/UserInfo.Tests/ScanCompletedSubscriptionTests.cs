using System.Net;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.TestSupport.Postgres;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.UserInfo.Apis;

namespace Growbin.UserInfo.Tests;

/// <summary>The scan-completed subscription, driven as the sidecar drives it: CloudEvents POSTed to the route it listed.</summary>
[Collection(UserInfoCollection.Name)]
public sealed class ScanCompletedSubscriptionTests(UserInfoHost host)
{
    private static ScanCompleted Scan(string userId, string? scanId = null) => new(
        Guid.NewGuid(),
        DateTimeOffset.UtcNow,
        scanId ?? UserInfoHost.NewScanId(),
        userId,
        "glass-bottle",
        "유리병",
        "glass",
        "내용물을 비우고 유리병 전용 수거함에",
        "images/0f0e.jpg",
        new DateTimeOffset(2026, 5, 5, 12, 30, 15, TimeSpan.Zero).AddTicks(1234560));

    private Task<HttpResponseMessage> DeliverAsync(object data) =>
        host.DeliverAsync(EventsApi.ScanCompletedRoute, Topics.ScanCompleted, data);

    private Task<long> RowsAsync(string scanId) =>
        host.CountAsync("SELECT count(*) FROM growbin.scan_history WHERE scan_id = $1", scanId);

    private static async Task ShouldAnswerAsync(HttpResponseMessage response, HttpStatusCode status, string daprStatus)
    {
        var body = await UserInfoHost.ReadJsonAsync(response, status);
        body.GetProperty("status").GetString().Should().Be(daprStatus);
    }

    [Fact]
    public async Task The_subscription_is_listed_for_the_sidecar_with_its_dead_letter_topic()
    {
        var subscriptions = await UserInfoHost.ReadJsonAsync(await host.Factory.CreateClient().GetAsync("/dapr/subscribe"), HttpStatusCode.OK);

        var subscription = subscriptions.EnumerateArray().Single(s => s.GetProperty("topic").GetString() == Topics.ScanCompleted);
        subscription.GetProperty("pubsubName").GetString().Should().Be(DaprComponents.PubSub);
        subscription.GetProperty("route").GetString()!.TrimStart('/').Should().Be(EventsApi.ScanCompletedRoute.TrimStart('/'));
        subscription.GetProperty("deadLetterTopic").GetString().Should().Be(Topics.DeadLetter);
    }

    [Fact]
    public async Task A_completed_scan_is_recorded_with_every_field()
    {
        var userId = await host.CreateUserAsync();
        var scan = Scan(userId.ToString());

        await ShouldAnswerAsync(await DeliverAsync(scan), HttpStatusCode.OK, "SUCCESS");

        var page = await UserInfoHost.ReadJsonAsync(
            await host.ClientFor(userId).GetAsync($"/api/v1/users/{userId}/history"), HttpStatusCode.OK);
        var item = page.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("scanId").GetString().Should().Be(scan.ScanId);
        item.GetProperty("itemId").GetString().Should().Be("glass-bottle");
        item.GetProperty("itemName").GetString().Should().Be("유리병");
        item.GetProperty("category").GetString().Should().Be("glass");
        item.GetProperty("answerSummary").GetString().Should().Be(scan.AnswerSummary);
        item.GetProperty("imageKey").GetString().Should().Be(scan.ImageKey);
        item.GetProperty("completedAt").GetDateTimeOffset().Should().Be(scan.CompletedAt);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_is_one_row_and_both_answers_are_success()
    {
        var userId = await host.CreateUserAsync();
        var scan = Scan(userId.ToString());

        await ShouldAnswerAsync(await DeliverAsync(scan), HttpStatusCode.OK, "SUCCESS");
        await ShouldAnswerAsync(await DeliverAsync(scan), HttpStatusCode.OK, "SUCCESS");

        (await RowsAsync(scan.ScanId)).Should().Be(1);
    }

    [Fact]
    public async Task A_scan_without_an_item_id_is_recorded_with_null()
    {
        var userId = await host.CreateUserAsync();
        var scan = Scan(userId.ToString()) with { ItemId = null };

        await ShouldAnswerAsync(await DeliverAsync(scan), HttpStatusCode.OK, "SUCCESS");

        (await host.CountAsync("SELECT count(*) FROM growbin.scan_history WHERE scan_id = $1 AND item_id IS NULL", scan.ScanId)).Should().Be(1);
    }

    [Fact]
    public async Task A_scan_of_a_deleted_user_is_acknowledged_and_forgotten_not_dead_lettered()
    {
        var userId = await host.CreateUserAsync();
        (await host.ClientFor(userId).DeleteAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var scan = Scan(userId.ToString());

        // SUCCESS, not DROP: a DROP goes to the dead-letter topic, whose store would keep the deleted user's scan.
        await ShouldAnswerAsync(await DeliverAsync(scan), HttpStatusCode.OK, "SUCCESS");

        (await RowsAsync(scan.ScanId)).Should().Be(0);
    }

    [Fact]
    public async Task A_scan_of_a_uuid_no_user_has_is_acknowledged_and_not_recorded()
    {
        var scan = Scan("3d1f0c6e-9f55-4a43-9a55-0d8e6b2b7c10");

        await ShouldAnswerAsync(await DeliverAsync(scan), HttpStatusCode.OK, "SUCCESS");

        (await RowsAsync(scan.ScanId)).Should().Be(0);
    }

    [Theory]
    [InlineData("user-1")]
    [InlineData("")]
    public async Task A_scan_of_a_user_id_that_is_no_uuid_is_dropped_and_not_recorded(string userId)
    {
        var scan = Scan(userId);

        await ShouldAnswerAsync(await DeliverAsync(scan), HttpStatusCode.OK, "DROP");

        (await RowsAsync(scan.ScanId)).Should().Be(0);
    }

    [Theory]
    [InlineData("ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("../../etc/passwd")]
    public async Task A_scan_id_of_the_wrong_shape_is_dropped(string scanId)
    {
        var userId = await host.CreateUserAsync();

        await ShouldAnswerAsync(await DeliverAsync(Scan(userId.ToString(), scanId)), HttpStatusCode.OK, "DROP");

        (await host.CountAsync("SELECT count(*) FROM growbin.scan_history WHERE user_id = $1", userId)).Should().Be(0);
    }

    [Fact]
    public async Task An_event_missing_fields_is_dropped_not_retried()
    {
        var userId = await host.CreateUserAsync();
        var scanId = UserInfoHost.NewScanId();

        await ShouldAnswerAsync(await DeliverAsync(new { scanId, userId }), HttpStatusCode.OK, "DROP");

        (await RowsAsync(scanId)).Should().Be(0);
    }

    [Fact]
    public async Task An_event_that_is_not_json_is_dropped()
    {
        var response = await host.Factory.CreateClient().PostAsync(
            EventsApi.ScanCompletedRoute, new StringContent("scan finished!", Encoding.UTF8, "application/json"));

        await ShouldAnswerAsync(response, HttpStatusCode.OK, "DROP");
    }

    [Fact]
    public async Task The_route_needs_no_user_token()
    {
        var userId = await host.CreateUserAsync();
        var scan = Scan(userId.ToString());

        var response = await DeliverAsync(scan);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await RowsAsync(scan.ScanId)).Should().Be(1);
    }

    [Fact]
    public async Task A_database_outage_is_a_500_retry_so_the_sidecar_redelivers()
    {
        var database = new UnreachableDatabase();
        using var tokens = new TestTokens();
        await using var factory = tokens.ApplyTo(new GrowbinAppFactory<Program>(
            new InMemoryDaprClient().RegisterBinding(DaprComponents.Database, database)));
        var envelope = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = AppIds.ScanPipeline,
            ["type"] = "com.dapr.event.sent",
            ["datacontenttype"] = "application/json",
            ["data"] = Scan(Guid.NewGuid().ToString()),
        }, UserInfoHost.Json);

        var response = await factory.CreateClient().PostAsync(
            EventsApi.ScanCompletedRoute, new StringContent(envelope, Encoding.UTF8, "application/cloudevents+json"));

        await ShouldAnswerAsync(response, HttpStatusCode.InternalServerError, "RETRY");
        database.Calls.Should().Be(1);
    }
}
