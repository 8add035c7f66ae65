using System.Text.Json;
using Dapr.Actors.Client;

namespace Growbin.Workflows;

/// <summary>
/// Starts workflow instances and reads their state, as Dapr.Workflow's DaprWorkflowClient. It reaches the workflow
/// actors through the actor runtime (the host and apps in its namespace) or by service invocation to the host app
/// (anywhere else); see <see cref="WorkflowServiceCollectionExtensions.AddWorkflowClient"/>.
/// </summary>
public sealed class WorkflowClient
{
    /// <summary>Actor calls carry JSON, so the records here need no data contracts.</summary>
    public static readonly ActorProxyOptions ProxyOptions = new() { UseJsonSerialization = true, JsonSerializerOptions = WorkflowJson.Options };

    private readonly IWorkflowTransport _transport;

    /// <summary>A client that calls the workflow actors directly.</summary>
    public WorkflowClient(IActorProxyFactory proxies)
        : this(new ActorWorkflowTransport(proxies))
    {
    }

    internal WorkflowClient(IWorkflowTransport transport) => _transport = transport;

    /// <summary>
    /// Starts <paramref name="name"/> as instance <paramref name="instanceId"/>; starting an existing instance again does
    /// nothing. Over service invocation a failure is an <see cref="HttpRequestException"/>.
    /// </summary>
    public async Task<string> ScheduleNewWorkflowAsync(string name, string? instanceId = null, object? input = null)
    {
        var id = instanceId ?? Guid.NewGuid().ToString("N");
        var payload = input is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(input, WorkflowJson.Options);
        await _transport.StartAsync(id, new WorkflowStartRequest(name, payload), CancellationToken.None);
        return id;
    }

    /// <summary>The instance's state; an unknown instance reads as <see cref="WorkflowRuntimeStatus.Unknown"/> (<c>Exists</c> false).</summary>
    public Task<WorkflowState> GetWorkflowStateAsync(string instanceId, bool getInputsAndOutputs = true) =>
        _transport.GetStateAsync(instanceId, getInputsAndOutputs, CancellationToken.None);
}
