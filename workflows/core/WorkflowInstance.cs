using System.Text.Json;
using System.Text.Json.Serialization;

namespace Growbin.Workflows;

/// <summary>
/// A workflow instance as the actor stores it: one state entry, written in one <c>SaveStateAsync</c> per step, so an
/// activity's output and the next pending activity always land together.
/// </summary>
public sealed record WorkflowInstance(
    string Name,
    JsonElement? Input,
    WorkflowRuntimeStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    IReadOnlyList<ActivityRecord> History,
    PendingActivity? Pending,
    JsonElement? Output,
    WorkflowFailureDetails? Failure,
    JsonElement? CustomStatus)
{
    [JsonIgnore]
    public bool IsFinished => Status is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed;
}
