using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;

namespace Growbin.E2E.Tests;

/// <summary>recycle-info and the rules activity reached the way production reaches them: through Dapr sidecars.</summary>
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
    public async Task The_pipeline_app_reaches_the_rules_activity_by_service_invocation()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var pipelineSidecar = system.SidecarPorts[AppIds.ScanPipeline];
        (await Eventually.GetAsync(http, $"http://127.0.0.1:{pipelineSidecar}/v1.0/invoke/{AppIds.RuleRetriever}/method/healthz"))
            .Should().Be(HttpStatusCode.OK);

        var response = await http.PostAsJsonAsync(
            $"http://127.0.0.1:{pipelineSidecar}/v1.0/invoke/{AppIds.RuleRetriever}/method{Activities.Route(Activities.Rules)}",
            new Classification("paper-pack", "milk-carton", "우유팩", [], [], 0.9),
            new JsonSerializerOptions(JsonSerializerDefaults.Web));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var rule = await response.Content.ReadFromJsonAsync<DisposalRule>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        rule!.Item!.Id.Should().Be("milk-carton");
    }
}
