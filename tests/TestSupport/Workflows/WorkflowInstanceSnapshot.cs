using Dapr.DurableTask.Protobuf;
using Dapr.Workflow;

namespace Growbin.TestSupport.Workflows;

/// <summary>What the sidecar holds for one workflow instance at a moment (copies; changing them changes nothing).</summary>
public sealed record WorkflowInstanceSnapshot(
    string AppId,
    string InstanceId,
    string Name,
    WorkflowRuntimeStatus RuntimeStatus,
    string? Input,
    string? Output,
    string? CustomStatus,
    TaskFailureDetails? FailureDetails,
    IReadOnlyList<HistoryEvent> History);
