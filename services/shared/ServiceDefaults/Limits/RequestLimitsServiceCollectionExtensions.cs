using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Limits;

internal static class RequestLimitsServiceCollectionExtensions
{
    /// <summary>Kestrel limits and request timeouts from the <c>RequestLimits</c> section (<see cref="RequestLimitsOptions"/>).</summary>
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.SectionName);
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, ConfigureKestrelLimits>();
        services.AddRequestTimeouts();
        services.AddSingleton<IConfigureOptions<RequestTimeoutOptions>, ConfigureRequestTimeouts>();
        return services;
    }
}
