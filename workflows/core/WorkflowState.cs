using System.Text.Json;
using System.Text.Json.Serialization;

namespace Growbin.Workflows;

/// <summary>What a caller sees of a workflow instance, as Dapr.Workflow's WorkflowState.</summary>
/// <param name="CurrentActivity">The activity running or waiting for its next attempt; null when finished.</param>
/// <param name="CurrentAttempt">The attempt of <paramref name="CurrentActivity"/> due next (1 = first try).</param>
/// <param name="LastError">Why the previous attempt of the current activity failed, while it is being retried.</param>
public sealed record WorkflowState(
    string InstanceId,
    string? Name,
    WorkflowRuntimeStatus RuntimeStatus,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastUpdatedAt,
    string? CurrentActivity,
    int CurrentAttempt,
    DateTimeOffset? NextAttemptAt,
    WorkflowFailureDetails? LastError,
    IReadOnlyList<ActivityRecord> CompletedActivities,
    JsonElement? Input,
    JsonElement? Output,
    WorkflowFailureDetails? FailureDetails,
    JsonElement? CustomStatus)
{
    [JsonIgnore]
    public bool Exists => RuntimeStatus != WorkflowRuntimeStatus.Unknown;

    [JsonIgnore]
    public bool IsWorkflowCompleted => RuntimeStatus == WorkflowRuntimeStatus.Completed;

    public T? ReadInputAs<T>() => Input is { } input ? input.Deserialize<T>(WorkflowJson.Options) : default;

    public T? ReadOutputAs<T>() => Output is { } output ? output.Deserialize<T>(WorkflowJson.Options) : default;

    public T? ReadCustomStatusAs<T>() => CustomStatus is { } status ? status.Deserialize<T>(WorkflowJson.Options) : default;

    public static WorkflowState NotFound(string instanceId) =>
        new(instanceId, null, WorkflowRuntimeStatus.Unknown, null, null, null, 0, null, null, [], null, null, null, null);

    internal static WorkflowState From(string instanceId, WorkflowInstance instance, bool withInputsAndOutputs) => new(
        instanceId,
        instance.Name,
        instance.Status,
        instance.CreatedAt,
        instance.LastUpdatedAt,
        instance.Pending?.Name,
        instance.Pending?.Attempt ?? 0,
        instance.Pending?.DueAt,
        instance.Pending?.LastError,
        withInputsAndOutputs ? instance.History : instance.History.Select(h => h with { Output = null }).ToList(),
        withInputsAndOutputs ? instance.Input : null,
        withInputsAndOutputs ? instance.Output : null,
        instance.Failure,
        instance.CustomStatus);
}
