using System.Text.Json;

namespace Growbin.Workflows;

/// <summary>The activity now due: what to call, which attempt comes next and when.</summary>
public sealed record PendingActivity(
    int Sequence,
    string Name,
    string? TargetAppId,
    JsonElement? Input,
    WorkflowRetryPolicy? RetryPolicy,
    int Attempt,
    DateTimeOffset FirstAttemptAt,
    DateTimeOffset DueAt,
    WorkflowFailureDetails? LastError = null);
