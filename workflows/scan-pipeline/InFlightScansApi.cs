using Growbin.Contracts.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.ScanPipeline;

/// <summary>
/// <c>GET /internal/scans/in-flight</c>: for task-scheduler's stuck check, through service invocation. Not behind the
/// Ingress; in Kubernetes the sidecars' mTLS and app token guard it like every other invoked method.
/// </summary>
public static class InFlightScansApi
{
    public static IEndpointRouteBuilder MapInFlightScans(this IEndpointRouteBuilder app)
    {
        app.MapGet("/" + InFlightScan.Path, ListAsync)
            .WithName("ListInFlightScans")
            .WithSummary("Scans whose pipeline has started and not ended, oldest first.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<InFlightScan>>> ListAsync(InFlightScanIndex index, CancellationToken cancellationToken) =>
        TypedResults.Ok(await index.ListAsync(cancellationToken));
}
