namespace Growbin.Workflows;

/// <summary>
/// Moves an instance forward after its history changed: replays the workflow code and records what it does next —
/// schedule an activity, complete with an output, or fail.
/// </summary>
internal static class WorkflowReplayer
{
    public static WorkflowInstance Advance(IWorkflow workflow, string instanceId, WorkflowInstance instance, DateTimeOffset now)
    {
        var context = new ReplayContext(instance.Name, instanceId, instance, now);
        Task<System.Text.Json.JsonElement?> run;
        try
        {
            run = workflow.RunAsync(context, instance.Input, WorkflowJson.Options);
        }
        catch (Exception e)
        {
            return Failed(instance, context, e, now);
        }

        // Every awaited activity either completed from history or is the one just scheduled, so the code has already
        // run as far as it can: the task is finished, or blocked on the scheduled activity.
        if (run.IsCompletedSuccessfully)
        {
            return instance with
            {
                Status = WorkflowRuntimeStatus.Completed,
                Pending = null,
                Output = run.Result,
                CustomStatus = context.CustomStatus,
                LastUpdatedAt = now,
            };
        }

        if (run.IsFaulted)
        {
            return Failed(instance, context, run.Exception!.GetBaseException(), now);
        }

        if (context.Scheduled is { } scheduled)
        {
            return instance with
            {
                Status = instance.History.Count == 0 ? WorkflowRuntimeStatus.Pending : WorkflowRuntimeStatus.Running,
                Pending = scheduled,
                CustomStatus = context.CustomStatus,
                LastUpdatedAt = now,
            };
        }

        return Failed(instance, context, new InvalidOperationException(
            $"Workflow '{instance.Name}' awaited something other than an activity; only activity calls may be awaited."), now);
    }

    private static WorkflowInstance Failed(WorkflowInstance instance, ReplayContext context, Exception error, DateTimeOffset now) => instance with
    {
        Status = WorkflowRuntimeStatus.Failed,
        Pending = null,
        Failure = error is WorkflowTaskFailedException failed
            ? failed.FailureDetails
            : new WorkflowFailureDetails(error.GetType().Name, error.Message),
        CustomStatus = context.CustomStatus,
        LastUpdatedAt = now,
    };
}
