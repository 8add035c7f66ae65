using Dapr.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.ServiceDefaults.State;

public static class UserKeyIndexServiceCollectionExtensions
{
    /// <summary>
    /// A <see cref="UserKeyIndex"/> as the keyed singleton <paramref name="name"/> (state keys <c>{name}|{userId}</c>);
    /// <paramref name="entryTtl"/> is read from the app's services once, when the index is first used.
    /// </summary>
    public static IServiceCollection AddUserKeyIndex(
        this IServiceCollection services, string name, Func<IServiceProvider, TimeSpan> entryTtl, int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(name, (sp, _) => new UserKeyIndex(
            sp.GetRequiredService<DaprClient>(), sp.GetRequiredService<TimeProvider>(), name, entryTtl(sp), maxEntries));
        return services;
    }
}
