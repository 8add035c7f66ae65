using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ServiceDefaults.Health;

/// <summary>
/// Fails the app's start when /metrics is not mapped, instead of letting it run unobserved. A startup filter,
/// because the app's endpoints are known only once its request pipeline is built, just before the server starts.
/// </summary>
internal sealed class MetricsEndpointStartupCheck : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        if (!MetricsEndpoint.IsMapped(app.ApplicationServices.GetRequiredService<EndpointDataSource>()))
        {
            throw new InvalidOperationException(
                $"{MetricsEndpoint.Path} is not mapped, so Prometheus cannot scrape this app. Call app.MapDefaultEndpoints() in Program.cs.");
        }
    };
}
