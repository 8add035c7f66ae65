using System.Net;
using Growbin.TestSupport.Hosting;

namespace Growbin.RuleRetriever.Tests;

/// <summary>
/// With APP_API_TOKEN set (Kubernetes) the app still starts and its probes answer the kubelet directly. The rules step
/// has no HTTP route any more: it is a Dapr Workflow activity, which the app pulls from its sidecar over gRPC.
/// </summary>
public sealed class SidecarTokenTests : IAsyncDisposable
{
    private const string AppToken = "rule-retriever-app-token";

    private readonly GrowbinAppFactory<Program> _factory = new GrowbinAppFactory<Program>().WithSetting("APP_API_TOKEN", AppToken);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Health_stays_open()
    {
        (await _factory.CreateClient().GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
