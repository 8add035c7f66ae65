using Dapr.Client;
using Dapr.Workflow;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.Contracts.Pipeline;

namespace Growbin.ScanPipeline;

/// <summary>
/// The scan's last activity, run in scan-pipeline: keeps the outcome readable after Dapr purges the finished workflow
/// (<see cref="ScanOutcomes"/>, with its own TTL), publishes <c>scan-completed</c> for a completed one and takes the
/// scan off the in-flight index, then reports the scan's metrics. Every part is safe to repeat: the event id is derived
/// from the scan, so a second run publishes the same event and subscribers (userinfo) drop the duplicate.
/// </summary>
public sealed class FinishScan(DaprClient dapr, ScanOutcomes outcomes, InFlightScanIndex inFlight, IScanMetrics metrics, ILogger<FinishScan> logger)
    : WorkflowActivity<ScanOutcome, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, ScanOutcome finished)
    {
        var outcome = finished.State;
        await outcomes.KeepAsync(outcome, CancellationToken.None);
        // A failed scan publishes nothing: no app consumes it (the user reads the failure from waste-api, kept above;
        // operators see it in growbin_scan_duration_seconds{outcome="failed"}), and an event without a subscriber's
        // queue is dropped by the broker.
        if (outcome.Result is { } result)
        {
            var answer = result.Answer;
            await dapr.PublishEventAsync(DaprComponents.PubSub, Topics.ScanCompleted, new ScanCompleted(
                EventIds.For(outcome.TaskId, Topics.ScanCompleted), outcome.UpdatedAt, outcome.TaskId, outcome.UserId, answer.ItemId,
                answer.ItemName, answer.Category.Id, answer.Summary, result.ImageKey, outcome.UpdatedAt));
        }

        try
        {
            await inFlight.RemoveAsync(outcome.TaskId, CancellationToken.None);
        }
        catch (Exception e) when (e is Dapr.DaprException or InvalidOperationException)
        {
            // The listing drops entries whose workflow has ended, so a missed removal heals itself.
            logger.LogWarning(e, "Scan {TaskId}: could not be taken off the in-flight index", outcome.TaskId);
        }

        try
        {
            metrics.ScanFinished(finished);
        }
        catch (Exception e)
        {
            // Metrics are an observer: a broken sink must not turn into a retry of this step.
            logger.LogWarning(e, "Scan {TaskId}: its metrics could not be recorded", outcome.TaskId);
        }

        return true;
    }
}
