using Dapr.Actors.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.Ai.Budget;

/// <summary>Registrations for apps that spend from the daily AI budget hosted by vision-analyzer.</summary>
public static class AiBudgetServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IAiBudget"/> as <see cref="ActorAiBudget"/>, calling <see cref="AiBudgetActor"/> through this app's
    /// sidecar. Everything is added with TryAdd: an app that hosts actors (<c>AddActors</c>, called first) keeps the
    /// proxy factory the actor runtime configured, and tests can put their own budget in first.
    /// </summary>
    public static IServiceCollection AddAiBudgetClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Sidecar address and API token come from DAPR_HTTP_ENDPOINT / DAPR_HTTP_PORT / DAPR_API_TOKEN, as for DaprClient.
        services.TryAddSingleton<IActorProxyFactory>(_ => new ActorProxyFactory());
        services.TryAddSingleton<IAiBudget, ActorAiBudget>();
        return services;
    }
}
