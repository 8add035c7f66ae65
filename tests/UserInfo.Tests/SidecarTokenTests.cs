using System.Net;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.TestSupport.Dapr;
using Growbin.UserInfo.Apis;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Growbin.UserInfo.Tests;

/// <summary>With APP_API_TOKEN set (Kubernetes), only userinfo's sidecar can deliver scan-completed; user routes keep Bearer.</summary>
[Collection(UserInfoCollection.Name)]
public sealed class SidecarTokenTests(UserInfoHost host) : IAsyncLifetime
{
    private const string AppToken = "userinfo-app-token";

    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        _factory = host.Factory.WithWebHostBuilder(b => b.UseSetting("APP_API_TOKEN", AppToken));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_delivery_without_the_sidecars_token_is_refused_and_records_nothing()
    {
        var userId = await host.CreateUserAsync();
        var scan = Scan(userId.ToString());

        var response = await _factory.CreateClient().PostAsync(EventsApi.ScanCompletedRoute, CloudEvents.Envelope(Topics.ScanCompleted, scan, AppIds.ScanPipeline));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await RowsAsync(scan.ScanId)).Should().Be(0);
    }

    [Fact]
    public async Task A_delivery_with_the_sidecars_token_is_recorded()
    {
        var userId = await host.CreateUserAsync();
        var scan = Scan(userId.ToString());
        var request = new HttpRequestMessage(HttpMethod.Post, EventsApi.ScanCompletedRoute)
        {
            Content = CloudEvents.Envelope(Topics.ScanCompleted, scan, AppIds.ScanPipeline),
        };
        request.Headers.Add(InMemoryDaprClient.AppTokenHeader, AppToken);

        var response = await _factory.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await RowsAsync(scan.ScanId)).Should().Be(1);
    }

    [Fact]
    public async Task The_profile_still_takes_the_users_bearer_and_not_the_app_token()
    {
        var userId = await host.CreateUserAsync();
        var withAppToken = _factory.CreateClient();
        withAppToken.DefaultRequestHeaders.Add(InMemoryDaprClient.AppTokenHeader, AppToken);

        (await withAppToken.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await host.Tokens.Authorize(_factory.CreateClient(), userId.ToString()).GetAsync("/api/v1/users/me"))
            .StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private Task<long> RowsAsync(string scanId) =>
        host.CountAsync("SELECT count(*) FROM growbin.scan_history WHERE scan_id = $1", scanId);

    private static ScanCompleted Scan(string userId) => new(
        Guid.NewGuid(), DateTimeOffset.UtcNow, UserInfoHost.NewScanId(), userId,
        "glass-bottle", "유리병", "glass", "내용물을 비우고 유리병 전용 수거함에", "images/0f0e.jpg", DateTimeOffset.UtcNow);
}
