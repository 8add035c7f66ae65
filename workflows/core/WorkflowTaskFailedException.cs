namespace Growbin.Workflows;

/// <summary>Thrown into the workflow by an activity call that failed for good (non-retryable, or out of attempts).</summary>
public sealed class WorkflowTaskFailedException(WorkflowFailureDetails failureDetails)
    : Exception($"Activity '{failureDetails.Activity}' failed: {failureDetails.ErrorMessage}")
{
    public WorkflowFailureDetails FailureDetails { get; } = failureDetails;
}
