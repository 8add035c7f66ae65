using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ServiceDefaults.RateLimiting;

public static class StreamSlotsServiceCollectionExtensions
{
    /// <summary><see cref="StreamSlots"/> and its <c>RateLimiting:Streams</c> options, checked before the app starts.</summary>
    public static IServiceCollection AddStreamSlots(this IServiceCollection services)
    {
        services.AddOptions<StreamLimitOptions>()
            .BindConfiguration(StreamLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<StreamSlots>();
        return services;
    }
}
