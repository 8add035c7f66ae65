using Dapr.Actors.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.Workflows;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Hosts workflows in this app: the workflow actor (map its handlers with <c>app.MapActorsHandlers()</c>), the
    /// registry, the activity executor and a <see cref="WorkflowClient"/>. Needs a DaprClient and the actor state store.
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
        return services.AddWorkflowClient();
    }

    /// <summary>Lets an app that does not host workflows start them and read their state (through the actor runtime).</summary>
    public static IServiceCollection AddWorkflowClient(this IServiceCollection services)
    {
        services.TryAddSingleton<IActorProxyFactory, ActorProxyFactory>();
        services.TryAddSingleton<WorkflowClient>();
        return services;
    }
}
