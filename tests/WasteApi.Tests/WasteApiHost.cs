using System.Collections.Concurrent;
using System.Net;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Growbin.WasteApi.Tests;

/// <summary>
/// waste-api alone: the Dapr double with an in-memory S3, and a stand-in scan-pipeline reached by service invocation
/// (as in production) that serves <see cref="ScanWorkflowApi"/> knowing no scan: reading one is its 404, and starting
/// one is refused loudly, so bad-input tests see any attempt. For what happens once a scan starts, see ScanPipeline.Tests.
/// </summary>
public sealed class WasteApiHost : IAsyncDisposable
{
    private readonly WebApplication _pipeline;

    /// <param name="clock">The app's and the double's clock (state TTLs, the daily quota's day); the real one by default.</param>
    public WasteApiHost(TimeProvider? clock = null)
    {
        Dapr = new InMemoryDaprClient(clock ?? TimeProvider.System);
        Dapr.RegisterBinding(DaprComponents.Images, Images);
        Factory = Tokens.ApplyTo(new GrowbinAppFactory<Program>(Dapr));
        if (clock is not null)
        {
            Factory.WithServices(services => services.AddSingleton(clock));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        _pipeline = builder.Build();
        _pipeline.MapGet(ScanWorkflowApi.Route, (string taskId) => Results.Problem(
            statusCode: StatusCodes.Status404NotFound, type: ScanWorkflowApi.ScanNotFoundType, detail: $"No scan has task id '{taskId}'."));
        _pipeline.MapPost(ScanWorkflowApi.Route, () => Results.Problem(statusCode: StatusCodes.Status500InternalServerError,
            detail: "This stand-in starts no scan."));
        _pipeline.StartAsync().GetAwaiter().GetResult();
        Dapr.RegisterApp(AppIds.ScanPipeline, new HttpClient(new Recorder(PipelineRequests, _pipeline.GetTestServer().CreateHandler()))
        {
            BaseAddress = new Uri("http://localhost"),
        });
    }

    public InMemoryDaprClient Dapr { get; }

    /// <summary>"METHOD /path?query" of every request that reached the stand-in scan-pipeline.</summary>
    public ConcurrentQueue<string> PipelineRequests { get; } = new();

    public S3BindingHandler Images { get; } = new();

    public TestTokens Tokens { get; } = new();

    public GrowbinAppFactory<Program> Factory { get; }

    public HttpClient ClientFor(string userId) => Tokens.Authorize(Factory.CreateClient(), userId);

    /// <summary>Makes scan-pipeline unreachable: its sidecar answers 500 as daprd does when the app does not answer.</summary>
    public void TakeScanPipelineDown() =>
        Dapr.RegisterApp(AppIds.ScanPipeline, new HttpClient(new Down()) { BaseAddress = new Uri("http://localhost") });

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _pipeline.DisposeAsync();
        Tokens.Dispose();
    }

    private sealed class Recorder(ConcurrentQueue<string> requests, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery}");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Down : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                Content = new StringContent("""{"errorCode":"ERR_DIRECT_INVOKE","message":"failed to invoke, id: scan-pipeline"}"""),
            });
    }
}
