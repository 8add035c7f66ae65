using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.Workflows;

namespace Growbin.ScanPipeline;

/// <summary>Publishes <c>scan-failed</c> with the step and its reason; the event id is derived from the scan.</summary>
public sealed class PublishScanFailed(DaprClient dapr) : WorkflowActivity<ScanFailedNotice, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, ScanFailedNotice notice)
    {
        var failedAt = new DateTimeOffset(notice.FailedAt, TimeSpan.Zero);
        var @event = new ScanFailed(
            EventIds.For(notice.TaskId, Topics.ScanFailed), failedAt, notice.TaskId, notice.UserId, notice.Step, $"{notice.Reason}: {notice.Detail}", failedAt);
        await dapr.PublishEventAsync(DaprComponents.PubSub, Topics.ScanFailed, @event);
        return true;
    }
}
