using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;

namespace Growbin.Consistency.Tests;

/// <summary>Every app starts and serves its probes, metrics and API description, with or without a sidecar.</summary>
public sealed class AppHostTests
{
    public static TheoryData<string> Apps => new(AppIds.All);

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task App_serves_probes_metrics_and_openapi(string appId)
    {
        await using var host = AppHosts.Start(appId, new InMemoryDaprClient(), out var client);

        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);

        var metrics = await client.GetAsync("/metrics");
        metrics.StatusCode.Should().Be(HttpStatusCode.OK);
        (await metrics.Content.ReadAsStringAsync()).Should().Contain("# TYPE http_requests_received_total counter");

        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        openApi.GetProperty("info").GetProperty("title").GetString().Should().Be($"Growbin {appId}");
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task App_without_a_sidecar_is_alive_but_not_ready(string appId)
    {
        await using var host = AppHosts.Start(appId, new InMemoryDaprClient { SidecarHealthy = false }, out var client);

        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void App_id_stamped_in_the_assembly_is_its_folder_name(string appId)
    {
        AppHosts.AssemblyOf(appId).GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Growbin.AppId").Value.Should().Be(appId);
    }
}
