using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.Workflows;

namespace Growbin.ScanPipeline;

/// <summary>
/// Publishes <c>scan-completed</c>. The event id is derived from the scan, so a repeated attempt publishes the same
/// event and subscribers (userinfo) drop the duplicate.
/// </summary>
public sealed class PublishScanCompleted(DaprClient dapr) : WorkflowActivity<ScanCompletedNotice, bool>
{
    public override async Task<bool> RunAsync(WorkflowActivityContext context, ScanCompletedNotice notice)
    {
        var answer = notice.Result.Answer;
        var completedAt = new DateTimeOffset(notice.CompletedAt, TimeSpan.Zero);
        var @event = new ScanCompleted(
            EventIds.For(notice.TaskId, Topics.ScanCompleted),
            completedAt,
            notice.TaskId,
            notice.UserId,
            answer.ItemId,
            answer.ItemName,
            answer.Category.Id,
            answer.Summary,
            notice.Result.ImageKey,
            completedAt);
        await dapr.PublishEventAsync(DaprComponents.PubSub, Topics.ScanCompleted, @event);
        return true;
    }
}
