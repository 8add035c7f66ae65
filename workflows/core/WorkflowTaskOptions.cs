namespace Growbin.Workflows;

/// <summary>How an activity is called, as Dapr.Workflow's WorkflowTaskOptions.</summary>
/// <param name="RetryPolicy">Null: one attempt, no retry.</param>
/// <param name="TargetAppId">The Dapr app-id that hosts the activity; null for an activity registered in this app.</param>
public sealed record WorkflowTaskOptions(WorkflowRetryPolicy? RetryPolicy = null, string? TargetAppId = null);
