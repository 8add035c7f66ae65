using Dapr.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Growbin.Workflows.Tests;

/// <summary>
/// The harness's workflow host as an HTTP app with <c>MapWorkflowEndpoints()</c>, registered in the Dapr double under
/// <see cref="AppId"/>, and clients that reach it by service invocation as an app in another namespace would.
/// </summary>
public sealed class WorkflowHostApp : IAsyncDisposable
{
    public const string AppId = "workflow-host";

    private readonly WebApplication _app;
    private readonly WorkflowHarness _harness;

    private WorkflowHostApp(WebApplication app, WorkflowHarness harness)
    {
        _app = app;
        _harness = harness;
    }

    /// <summary>Raw HTTP to the host's endpoints (no sidecar in between).</summary>
    public HttpClient Http { get; private set; } = null!;

    public static async Task<WorkflowHostApp> StartAsync(WorkflowHarness harness)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        // The endpoints run on the harness's workflow runtime (same registry, same actors).
        builder.Services.AddSingleton(harness.Services.GetRequiredService<WorkflowRegistry>());
        builder.Services.AddSingleton(harness.Services.GetRequiredService<ActorWorkflowTransport>());
        var app = builder.Build();
        app.MapWorkflowEndpoints();
        await app.StartAsync();

        var host = new WorkflowHostApp(app, harness) { Http = app.GetTestClient() };
        harness.Dapr.RegisterApp(AppId, app.GetTestClient());
        return host;
    }

    /// <summary>A client as an app registers it with <c>AddWorkflowClient(hostAppId)</c> and optional configuration.</summary>
    public WorkflowClient InvokingClient(string? hostAppId = AppId, IDictionary<string, string?>? settings = null) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build())
            .AddSingleton<DaprClient>(_harness.Dapr)
            .AddSingleton<Dapr.Actors.Client.IActorProxyFactory>(_harness.Actors)
            .AddWorkflowClient(hostAppId)
            .BuildServiceProvider()
            .GetRequiredService<WorkflowClient>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
