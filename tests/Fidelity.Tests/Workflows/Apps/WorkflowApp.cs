using Dapr.Workflow;
using Growbin.TestSupport.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Growbin.Fidelity.Tests.Workflows.Apps;

/// <summary>One app: a generic host running the Dapr.Workflow worker, its sidecar being the in-memory one.</summary>
public sealed class WorkflowApp : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private WorkflowApp(IHost host, string appId)
    {
        _host = host;
        AppId = appId;
    }

    public string AppId { get; }

    public DaprWorkflowClient Client => _host.Services.GetRequiredService<DaprWorkflowClient>();

    public static async Task<WorkflowApp> StartAsync(InMemoryWorkflowSidecar sidecar, string appId, ActivityLog log, Action<WorkflowRuntimeOptions> register)
    {
        var streamsBefore = sidecar.ConnectedStreams(appId);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton(new AppIdentity(appId));
        builder.Services.AddDaprWorkflow(register);
        builder.Services.UseInMemoryWorkflowSidecar(sidecar, appId);
        var host = builder.Build();
        await host.StartAsync();
        // The worker opens its work-item stream in the background.
        await sidecar.WaitForConnectionAsync(appId, streamsBefore + 1);
        return new WorkflowApp(host, appId);
    }

    /// <summary>Stops the host: its worker's streams end, as when the process goes away.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _host.StopAsync();
        _host.Dispose();
    }
}
