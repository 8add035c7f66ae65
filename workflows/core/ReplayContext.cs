using System.Text.Json;

namespace Growbin.Workflows;

/// <summary>
/// Runs a workflow's code against its history. An activity call found in the history returns its recorded output
/// (or throws its recorded failure) at once; the first call not yet in the history is remembered as
/// <see cref="Scheduled"/> and never completes, which suspends the workflow until that activity has finished.
/// </summary>
internal sealed class ReplayContext(string name, string instanceId, WorkflowInstance instance, DateTimeOffset now) : WorkflowContext
{
    private int _next;

    public override string Name => name;

    public override string InstanceId => instanceId;

    public override DateTime CurrentUtcDateTime =>
        (_next == 0 ? instance.CreatedAt : _next <= instance.History.Count ? instance.History[_next - 1].FinishedAt : now).UtcDateTime;

    public override bool IsReplaying => _next < instance.History.Count;

    public PendingActivity? Scheduled { get; private set; }

    public JsonElement? CustomStatus { get; private set; } = instance.CustomStatus;

    public override Task<T> CallActivityAsync<T>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        if (Scheduled is not null)
        {
            throw new InvalidOperationException(
                $"Workflow '{Name}' called activity '{name}' before '{Scheduled.Name}' finished; await each activity before the next.");
        }

        var sequence = _next++;
        if (sequence < instance.History.Count)
        {
            var recorded = instance.History[sequence];
            if (recorded.Name != name)
            {
                throw new NonDeterministicWorkflowException(
                    $"Workflow '{Name}' called '{name}' as step {sequence}, but its history has '{recorded.Name}' there. " +
                    "Workflow code must make the same calls in the same order on every replay.");
            }

            return recorded.Failure is { } failure
                ? Task.FromException<T>(new WorkflowTaskFailedException(failure))
                : Task.FromResult(recorded.Output is { } output ? output.Deserialize<T>(WorkflowJson.Options)! : default!);
        }

        Scheduled = new PendingActivity(
            sequence,
            name,
            options?.TargetAppId,
            input is null ? null : JsonSerializer.SerializeToElement(input, WorkflowJson.Options),
            options?.RetryPolicy,
            Attempt: 1,
            FirstAttemptAt: now,
            DueAt: now);
        return new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously).Task;
    }

    public override void SetCustomStatus(object? customStatus) =>
        CustomStatus = customStatus is null ? null : JsonSerializer.SerializeToElement(customStatus, WorkflowJson.Options);
}
