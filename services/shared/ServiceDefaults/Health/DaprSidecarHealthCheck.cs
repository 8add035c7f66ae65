using Dapr.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Growbin.ServiceDefaults.Health;

/// <summary>
/// Ready only when the sidecar can serve the app's outbound calls (state, pub/sub, bindings). A missing sidecar
/// makes the app not-ready, never crashes it.
/// </summary>
internal sealed class DaprSidecarHealthCheck(DaprClient dapr) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout);
        try
        {
            return await dapr.CheckOutboundHealthAsync(cts.Token)
                ? HealthCheckResult.Healthy("Dapr sidecar is reachable.")
                : HealthCheckResult.Unhealthy("Dapr sidecar is not reachable.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Dapr sidecar is not reachable.", ex);
        }
    }
}
