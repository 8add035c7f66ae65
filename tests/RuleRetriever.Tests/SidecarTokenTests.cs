using System.Net;
using System.Net.Http.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Hosting;

namespace Growbin.RuleRetriever.Tests;

/// <summary>With APP_API_TOKEN set (Kubernetes), the rules activity answers only calls through its sidecar.</summary>
public sealed class SidecarTokenTests : IAsyncDisposable
{
    private const string AppToken = "rule-retriever-app-token";

    private readonly GrowbinAppFactory<Program> _factory = new GrowbinAppFactory<Program>().WithSetting("APP_API_TOKEN", AppToken);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static readonly Classification Bottle = new("paper-pack", "milk-carton", "우유팩", [], [], 0.9);

    [Fact]
    public async Task A_direct_call_to_the_activity_is_refused()
    {
        var response = await _factory.CreateClient().PostAsJsonAsync(Activities.Route(Activities.Rules), Bottle);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_call_through_the_sidecar_carries_its_token_and_gets_the_rule()
    {
        _factory.Dapr.RegisterApp(AppIds.RuleRetriever, _factory.CreateClient(), AppToken);

        var response = await _factory.Dapr.CreateInvokableHttpClient(AppIds.RuleRetriever)
            .PostAsJsonAsync(Activities.Route(Activities.Rules), Bottle);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<DisposalRule>())!.Item!.Id.Should().Be("milk-carton");
    }

    [Fact]
    public async Task Health_stays_open()
    {
        (await _factory.CreateClient().GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
