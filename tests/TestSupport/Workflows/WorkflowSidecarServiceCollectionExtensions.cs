using Dapr.DurableTask.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.TestSupport.Workflows;

public static class WorkflowSidecarServiceCollectionExtensions
{
    /// <summary>
    /// Points the app's Dapr.Workflow worker and <c>DaprWorkflowClient</c> at <paramref name="sidecar"/> as app
    /// <paramref name="appId"/>. Call after <c>AddDaprWorkflow</c>: it replaces the gRPC client that
    /// <c>AddDaprWorkflow</c> registers with <c>AddGrpcClient</c>; both the worker and
    /// <c>DaprWorkflowClientBuilder.Build</c> take that client from DI.
    /// </summary>
    public static IServiceCollection UseInMemoryWorkflowSidecar(this IServiceCollection services, InMemoryWorkflowSidecar sidecar, string appId)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sidecar);
        services.RemoveAll<TaskHubSidecarService.TaskHubSidecarServiceClient>();
        services.AddSingleton(sidecar.ClientFor(appId));
        return services;
    }
}
