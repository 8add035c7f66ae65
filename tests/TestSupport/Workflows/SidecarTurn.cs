using Dapr.DurableTask.Protobuf;

namespace Growbin.TestSupport.Workflows;

/// <summary>One workflow work item sent to an app and not yet answered.</summary>
internal sealed class SidecarTurn(string token, WorkItemStream stream, IReadOnlyList<HistoryEvent> consumedInbox, List<HistoryEvent> newEvents)
{
    public string Token { get; } = token;

    public WorkItemStream Stream { get; } = stream;

    /// <summary>The inbox entries this turn took; removed from the inbox only when the turn commits.</summary>
    public IReadOnlyList<HistoryEvent> ConsumedInbox { get; } = consumedInbox;

    /// <summary>The request's new events (WorkflowStarted first); appended to history when the turn commits.</summary>
    public List<HistoryEvent> NewEvents { get; } = newEvents;
}
