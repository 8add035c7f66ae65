using Dapr.Client;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Users;

namespace Growbin.WasteApi;

public static class ScanPipelineClientExtensions
{
    /// <summary>Config key naming the app that hosts the scan workflow: <c>scan-pipeline</c> locally, <c>scan-pipeline.workers</c> in Kubernetes.</summary>
    public const string HostAppIdKey = "Workflows:HostAppId";

    /// <summary>
    /// The <see cref="ScanPipelineClient"/>, over Dapr service invocation to <see cref="HostAppIdKey"/> (default
    /// scan-pipeline), and the <see cref="UserRegionLookup"/> to userinfo.
    /// </summary>
    public static IServiceCollection AddScanPipelineClient(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var host = sp.GetRequiredService<IConfiguration>()[HostAppIdKey];
            var appId = string.IsNullOrWhiteSpace(host) ? AppIds.ScanPipeline : host;
            return new ScanPipelineClient(sp.GetRequiredService<DaprClient>().CreateInvokableHttpClient(appId));
        });
        services.AddUserRegionLookup();
        return services;
    }
}
