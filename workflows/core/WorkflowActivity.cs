namespace Growbin.Workflows;

/// <summary>
/// An activity that runs in the workflow's own app (e.g. publishing an event), as Dapr.Workflow's
/// WorkflowActivity. Runs at least once: make it idempotent on <see cref="WorkflowActivityContext.IdempotencyKey"/>.
/// Any exception is a failed attempt, retried by the caller's policy.
/// </summary>
public abstract class WorkflowActivity<TInput, TOutput> : IWorkflowActivity
{
    public abstract Task<TOutput> RunAsync(WorkflowActivityContext context, TInput input);

    Type IWorkflowActivity.InputType => typeof(TInput);

    async Task<object?> IWorkflowActivity.RunAsync(WorkflowActivityContext context, object? input) =>
        await RunAsync(context, (TInput)input!);
}
