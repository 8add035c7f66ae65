using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.ScanPipeline;

/// <summary>
/// <c>GET /internal/scans/in-flight</c>: for task-scheduler's stuck check, through service invocation. Each listed scan
/// is checked against its workflow: one that has ended (its removal from the index was lost) is dropped from the answer
/// and from the index, so the stuck check never reports a finished scan.
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

    public static async Task<Ok<IReadOnlyList<InFlightScan>>> ListAsync(
        InFlightScanIndex index, DaprWorkflowClient workflows, CancellationToken cancellationToken)
    {
        var listed = await index.ListAsync(cancellationToken);
        var running = new List<InFlightScan>(listed.Count);
        foreach (var scan in listed)
        {
            var state = await workflows.GetWorkflowStateAsync(scan.ScanId, getInputsAndOutputs: false, cancellationToken);
            if (state.Exists && state.RuntimeStatus is not (WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed
                    or WorkflowRuntimeStatus.Terminated or WorkflowRuntimeStatus.Canceled))
            {
                running.Add(scan);
            }
            else
            {
                await index.RemoveAsync(scan.ScanId, cancellationToken);
            }
        }

        return TypedResults.Ok<IReadOnlyList<InFlightScan>>(running);
    }
}
