using Growbin.Ai.Budget;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.TestSupport.Ai;

public static class InProcessAiBudgetExtensions
{
    /// <summary>Puts <see cref="InProcessAiBudget"/> (the real actor, hosted in the test) in place of the app's <see cref="IAiBudget"/>.</summary>
    public static IServiceCollection UseInProcessAiBudget(this IServiceCollection services)
    {
        services.RemoveAll<IAiBudget>();
        services.AddSingleton<InProcessAiBudget>();
        services.AddSingleton<IAiBudget>(sp => sp.GetRequiredService<InProcessAiBudget>());
        return services;
    }
}
