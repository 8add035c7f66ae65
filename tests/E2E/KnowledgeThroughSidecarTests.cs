using System.Net;
using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.E2E.Tests;

/// <summary>recycle-info's knowledge reached the way production reaches it: through Dapr sidecars.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class KnowledgeThroughSidecarTests(RunningSystem system)
{
    [DaprdFact]
    public async Task Recycle_info_serves_an_item_through_its_sidecar_with_korean_text_and_an_etag()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"http://127.0.0.1:{system.SidecarPorts[AppIds.RecycleInfo]}/v1.0/invoke/{AppIds.RecycleInfo}/method/api/v1/recycle/items/milk-carton";
        (await Eventually.GetAsync(http, url)).Should().Be(HttpStatusCode.OK);

        var response = await http.GetAsync(url);

        response.Headers.ETag.Should().NotBeNull();
        (await response.Content.ReadAsStringAsync()).Should().Contain("우유팩");
    }

    [DaprdFact]
    public async Task Another_apps_sidecar_reaches_the_item_search_by_service_invocation_and_the_etag_survives_both_sidecars()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var callerSidecar = system.SidecarPorts[AppIds.ChatLlm];
        var url = $"http://127.0.0.1:{callerSidecar}/v1.0/invoke/{AppIds.RecycleInfo}/method/api/v1/recycle/items?query={Uri.EscapeDataString("영수중")}";
        (await Eventually.GetAsync(http, url)).Should().Be(HttpStatusCode.OK);

        var response = await http.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("items")[0].GetProperty("id").GetString().Should().Be("thermal-receipt", "the typo still finds the receipt");
        response.Headers.ETag.Should().NotBeNull();

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        var unchanged = await http.SendAsync(conditional);

        unchanged.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }
}
