using Dapr.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Quotas;

public static class DailyQuotaServiceCollectionExtensions
{
    public const string SectionPrefix = "Quotas";

    /// <summary>
    /// A <see cref="DailyQuota"/> of one unit per request, as the keyed singleton <paramref name="name"/>: state keys
    /// <c>quota|{name}|{userId}|{day}</c>, limit <c>Quotas:{name}:DailyLimit</c> (default <paramref name="defaultDailyLimit"/>),
    /// validated before the app starts.
    /// </summary>
    public static IServiceCollection AddDailyQuota(this IServiceCollection services, string name, long defaultDailyLimit)
    {
        services.AddOptions<DailyQuotaOptions>(name)
            .Configure(o => o.DailyLimit = defaultDailyLimit)
            .BindConfiguration($"{SectionPrefix}:{name}")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<DailyQuotaOptions>>();
            return new DailyQuota(
                sp.GetRequiredService<DaprClient>(),
                sp.GetRequiredService<TimeProvider>(),
                $"quota|{name}",
                () => options.Get(name).DailyLimit,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<DailyQuota>());
        });
        return services;
    }
}
