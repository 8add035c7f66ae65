using System.Net;
using Growbin.Contracts;

namespace Growbin.E2E.Tests;

[Collection(RunningSystemCollection.Name)]
public sealed class HealthThroughSidecarTests(RunningSystem system)
{
    [DaprdFact]
    public async Task Every_app_is_healthy_through_its_own_sidecar()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        foreach (var appId in AppIds.All)
        {
            var port = system.SidecarPorts[appId];
            var sidecar = await Eventually.GetAsync(http, $"http://127.0.0.1:{port}/v1.0/healthz");
            sidecar.Should().Be(HttpStatusCode.NoContent, $"{appId}'s sidecar is up");

            var app = await Eventually.GetAsync(http, $"http://127.0.0.1:{port}/v1.0/invoke/{appId}/method/healthz");
            app.Should().Be(HttpStatusCode.OK, $"{appId} answers /healthz through service invocation");

            var ready = await Eventually.GetAsync(http, $"http://127.0.0.1:{port}/v1.0/invoke/{appId}/method/readyz");
            ready.Should().Be(HttpStatusCode.OK, $"{appId} sees its sidecar and reports ready");
        }
    }
}
