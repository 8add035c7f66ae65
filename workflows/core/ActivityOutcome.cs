using System.Text.Json;

namespace Growbin.Workflows;

/// <summary>The result of one activity attempt.</summary>
public sealed record ActivityOutcome(JsonElement? Output, WorkflowFailureDetails? Failure, bool Retryable)
{
    public bool Succeeded => Failure is null;

    public static ActivityOutcome Success(JsonElement? output) => new(output, null, false);

    public static ActivityOutcome Transient(WorkflowFailureDetails failure) => new(null, failure, true);

    public static ActivityOutcome Permanent(WorkflowFailureDetails failure) => new(null, failure, false);
}
