using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Growbin.ServiceDefaults.Health;

internal sealed class MetricsEndpointHealthCheck(EndpointDataSource endpoints) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(MetricsEndpoint.IsMapped(endpoints)
            ? HealthCheckResult.Healthy($"{MetricsEndpoint.Path} is mapped.")
            : HealthCheckResult.Unhealthy($"{MetricsEndpoint.Path} is not mapped."));
}
