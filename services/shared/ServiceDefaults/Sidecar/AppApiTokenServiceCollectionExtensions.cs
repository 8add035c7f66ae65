using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Sidecar;

public static class AppApiTokenServiceCollectionExtensions
{
    /// <summary>
    /// The <c>DaprAppToken</c> options: <see cref="AppApiTokenOptions.Token"/> from <c>APP_API_TOKEN</c>, validated when
    /// the host starts (<see cref="AppApiTokenValidation"/>: required in Production).
    /// </summary>
    public static IServiceCollection AddAppApiTokenOptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AppApiTokenOptions>, AppApiTokenValidation>());
        services.AddOptions<AppApiTokenOptions>(AppApiTokenHandler.SchemeName)
            .Configure<IConfiguration>((o, configuration) => o.Token = configuration[AppApiTokenOptions.ConfigurationKey])
            .ValidateOnStart();
        return services;
    }
}
