using Microsoft.AspNetCore.Routing;

namespace Growbin.ServiceDefaults.Health;

/// <summary>
/// Where Prometheus scrapes. An app that never maps it is invisible to monitoring (a real incident), so its
/// presence is checked at start-up and on /readyz.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static bool IsMapped(EndpointDataSource endpoints) =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .Any(e => string.Equals("/" + e.RoutePattern.RawText?.TrimStart('/'), Path, StringComparison.OrdinalIgnoreCase));
}
