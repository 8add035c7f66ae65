using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.Ai.Budget;

/// <summary>Registrations for the daily AI budget: one app hosts the actor, the others reach it through that app.</summary>
public static class AiBudgetServiceCollectionExtensions
{
    /// <summary>
    /// For the app that hosts <see cref="AiBudgetActor"/> (vision-analyzer; it calls <c>AddActors</c> with the actor
    /// first, so the proxy factory is the actor runtime's): the <c>AiBudget</c> limits and <see cref="IAiBudget"/> as
    /// <see cref="ActorAiBudget"/>. Map <see cref="AiBudgetEndpoints.MapAiBudgetEndpoints"/> so other apps can reach it.
    /// Added with TryAdd, so tests can put their own budget in first.
    /// </summary>
    public static IServiceCollection AddAiBudgetHost(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AiBudgetOptions>().BindConfiguration(AiBudgetOptions.SectionName);
        services.TryAddSingleton<IAiBudget, ActorAiBudget>();
        return services;
    }

    /// <summary>
    /// For every other app that spends from or reads the budget: <see cref="IAiBudget"/> as <see cref="InvokedAiBudget"/>,
    /// service invocation of <c>AiBudget:HostAppId</c>, which works across namespaces where actor calls do not.
    /// </summary>
    public static IServiceCollection AddAiBudgetClient(this IServiceCollection services)
    {
        services.AddOptions<AiBudgetOptions>().BindConfiguration(AiBudgetOptions.SectionName)
            .Validate(o => o.CallTimeout > TimeSpan.Zero, "AiBudget:CallTimeout must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<IAiBudget, InvokedAiBudget>();
        return services;
    }
}
