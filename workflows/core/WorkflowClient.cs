using System.Text.Json;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace Growbin.Workflows;

/// <summary>Starts workflow instances and reads their state, as Dapr.Workflow's DaprWorkflowClient.</summary>
public sealed class WorkflowClient(IActorProxyFactory proxies)
{
    /// <summary>Actor calls carry JSON, so the records here need no data contracts.</summary>
    public static readonly ActorProxyOptions ProxyOptions = new() { UseJsonSerialization = true, JsonSerializerOptions = WorkflowJson.Options };

    /// <summary>Starts <paramref name="name"/> as instance <paramref name="instanceId"/>; starting an existing instance again does nothing.</summary>
    public async Task<string> ScheduleNewWorkflowAsync(string name, string? instanceId = null, object? input = null)
    {
        var id = instanceId ?? Guid.NewGuid().ToString("N");
        var payload = input is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(input, WorkflowJson.Options);
        await Proxy(id).StartAsync(new WorkflowStartRequest(name, payload));
        return id;
    }

    public Task<WorkflowState> GetWorkflowStateAsync(string instanceId, bool getInputsAndOutputs = true) =>
        Proxy(instanceId).GetStateAsync(getInputsAndOutputs);

    private IWorkflowActor Proxy(string instanceId) =>
        proxies.CreateActorProxy<IWorkflowActor>(new ActorId(instanceId), WorkflowActor.TypeName, ProxyOptions);
}
