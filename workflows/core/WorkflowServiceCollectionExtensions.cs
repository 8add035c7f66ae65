using Dapr.Actors.Client;
using Dapr.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Growbin.Workflows;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Hosts workflows in this app: the workflow actor (map its handlers with <c>app.MapActorsHandlers()</c>, and
    /// <c>app.MapWorkflowEndpoints()</c> for clients in other namespaces), the registry, the activity executor and a
    /// <see cref="WorkflowClient"/> that calls the actors directly. Needs a DaprClient and the actor state store.
    /// </summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, Action<WorkflowRuntimeOptions> configure)
    {
        services.AddOptions<WorkflowRuntimeOptions>().BindConfiguration(WorkflowRuntimeOptions.SectionName).Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkflowRegistry>();
        services.TryAddSingleton<ActivityExecutor>();
        services.AddActors(o =>
        {
            o.UseJsonSerialization = true;
            o.JsonSerializerOptions = WorkflowJson.Options;
            o.Actors.RegisterActor<WorkflowActor>();
        });
        services.TryAddSingleton<IActorProxyFactory, ActorProxyFactory>();
        services.TryAddSingleton<ActorWorkflowTransport>();
        // The host never invokes itself: its client always calls the actors.
        services.TryAddSingleton(sp => new WorkflowClient(sp.GetRequiredService<ActorWorkflowTransport>()));
        return services;
    }

    /// <summary>
    /// Lets an app that does not host workflows start them and read their state. With a host app id (argument
    /// <paramref name="hostAppId"/>, overridden by config <c>Workflows:HostAppId</c>) the client uses Dapr service
    /// invocation to that app's <see cref="WorkflowEndpoints"/>; with none (or an empty one) it calls the workflow
    /// actors, which Dapr allows only inside the host's namespace. Invocation needs a DaprClient.
    /// </summary>
    public static IServiceCollection AddWorkflowClient(this IServiceCollection services, string? hostAppId = null)
    {
        services.AddOptions<WorkflowClientOptions>()
            .Configure(o => o.HostAppId = hostAppId)
            .BindConfiguration(WorkflowRuntimeOptions.SectionName);
        services.TryAddSingleton<IActorProxyFactory, ActorProxyFactory>();
        services.TryAddSingleton(sp =>
        {
            var host = sp.GetRequiredService<IOptions<WorkflowClientOptions>>().Value.HostAppId;
            IWorkflowTransport transport = string.IsNullOrWhiteSpace(host)
                ? new ActorWorkflowTransport(sp.GetRequiredService<IActorProxyFactory>())
                : new InvokedWorkflowTransport(sp.GetRequiredService<DaprClient>().CreateInvokableHttpClient(host));
            return new WorkflowClient(transport);
        });
        return services;
    }
}
