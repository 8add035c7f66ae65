using Dapr.Actors;
using Dapr.Actors.Client;

namespace Growbin.Workflows;

/// <summary>Actor proxy calls: for the host itself and apps in its namespace (Dapr places actors per namespace).</summary>
internal sealed class ActorWorkflowTransport(IActorProxyFactory proxies) : IWorkflowTransport
{
    public Task<bool> StartAsync(string instanceId, WorkflowStartRequest request, CancellationToken cancellationToken) =>
        Proxy(instanceId).StartAsync(request);

    public Task<WorkflowState> GetStateAsync(string instanceId, bool withInputsAndOutputs, CancellationToken cancellationToken) =>
        Proxy(instanceId).GetStateAsync(withInputsAndOutputs);

    private IWorkflowActor Proxy(string instanceId) =>
        proxies.CreateActorProxy<IWorkflowActor>(new ActorId(instanceId), WorkflowActor.TypeName, WorkflowClient.ProxyOptions);
}
