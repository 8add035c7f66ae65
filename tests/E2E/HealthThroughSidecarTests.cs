using System.Net;
using Growbin.Contracts;

namespace Growbin.E2E.Tests;

public sealed class HealthThroughSidecarTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    /// <summary>Generous: 12 apps and sidecars start on 2 cores. A bound on waiting, not a speed check.</summary>
    private static readonly TimeSpan StartupDeadline = TimeSpan.FromMinutes(3);

    [DaprdFact]
    public async Task Every_app_is_healthy_through_its_own_sidecar()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        foreach (var appId in AppIds.All)
        {
            var port = system.SidecarPorts[appId];
            var sidecar = await EventuallyAsync(http, $"http://127.0.0.1:{port}/v1.0/healthz");
            sidecar.Should().Be(HttpStatusCode.NoContent, $"{appId}'s sidecar is up");

            var app = await EventuallyAsync(http, $"http://127.0.0.1:{port}/v1.0/invoke/{appId}/method/healthz");
            app.Should().Be(HttpStatusCode.OK, $"{appId} answers /healthz through service invocation");

            var ready = await EventuallyAsync(http, $"http://127.0.0.1:{port}/v1.0/invoke/{appId}/method/readyz");
            ready.Should().Be(HttpStatusCode.OK, $"{appId} sees its sidecar and reports ready");
        }
    }

    private static async Task<HttpStatusCode> EventuallyAsync(HttpClient http, string url)
    {
        using var deadline = new CancellationTokenSource(StartupDeadline);
        HttpStatusCode last = 0;
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                var response = await http.GetAsync(url, deadline.Token);
                last = response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return last;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not up yet.
            }

            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }

        return last;
    }
}
