using Dapr.DurableTask.Protobuf;

namespace Growbin.TestSupport.Workflows;

/// <summary>
/// An activity execution daprd would hold in the activity actor <c>{instanceId}::{taskId}</c> of the executing app
/// (its <c>run-activity</c> reminder), from dispatch until its completion is accepted.
/// </summary>
internal sealed class SidecarActivity(string appId, SidecarInstance owner, HistoryEvent scheduled)
{
    /// <summary>The app that runs the activity (the router's target app, else the workflow's own app).</summary>
    public string AppId { get; } = appId;

    public SidecarInstance Owner { get; } = owner;

    public int OwnerGeneration { get; } = owner.Generation;

    /// <summary>The TaskScheduled event (EventId = task id).</summary>
    public HistoryEvent Scheduled { get; } = scheduled;

    public int TaskId => Scheduled.EventId;

    public string Name => Scheduled.TaskScheduled.Name;

    /// <summary>The stream the current dispatch went to; null while waiting for one.</summary>
    public WorkItemStream? Stream { get; set; }

    /// <summary>The completion token of the current dispatch; a response echoing another one is stale.</summary>
    public string? Token { get; set; }

    /// <summary>When (Stopwatch timestamp, real time) the current dispatch was sent.</summary>
    public long SentAt { get; set; }
}
