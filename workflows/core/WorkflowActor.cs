using Dapr.Actors.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Growbin.Workflows;

/// <summary>
/// One workflow instance, driven by a single reminder (<see cref="AdvanceReminder"/>). Each wake-up runs the pending
/// activity once; its output (or the retry it needs) is checkpointed in one state save before the next reminder is
/// registered, so a completed activity never runs again — whatever fails later, however often a reminder fires.
/// </summary>
[Actor(TypeName = TypeName)]
public sealed class WorkflowActor(
    ActorHost host,
    WorkflowRegistry registry,
    ActivityExecutor executor,
    TimeProvider time,
    IEnumerable<IWorkflowObserver> observers,
    IEnumerable<IWorkflowInstanceIndex> indexes,
    IOptions<WorkflowRuntimeOptions> options) : Actor(host), IWorkflowActor, IRemindable
{
    public const string TypeName = "WorkflowActor";
    public const string AdvanceReminder = "advance";
    internal const string StateName = "instance";

    public async Task<bool> StartAsync(WorkflowStartRequest request)
    {
        if (await StateManager.ContainsStateAsync(StateName))
        {
            return false;
        }

        var workflow = registry.CreateWorkflow(request.Name)
            ?? throw new ArgumentException($"No workflow '{request.Name}' is registered.", nameof(request));
        var now = time.GetUtcNow();
        var created = new WorkflowInstance(request.Name, request.Input, WorkflowRuntimeStatus.Pending, now, now, [], null, null, null, null);
        await IndexAsync(i => i.AddAsync(request.Name, InstanceId, now, CancellationToken.None));
        await CheckpointAndScheduleAsync(WorkflowReplayer.Advance(workflow, InstanceId, created, now), now);
        return true;
    }

    public async Task<WorkflowState> GetStateAsync(bool withInputsAndOutputs)
    {
        var stored = await StateManager.TryGetStateAsync<WorkflowInstance>(StateName);
        return stored.HasValue ? WorkflowState.From(InstanceId, stored.Value, withInputsAndOutputs) : WorkflowState.NotFound(InstanceId);
    }

    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        if (reminderName != AdvanceReminder)
        {
            return;
        }

        var stored = await StateManager.TryGetStateAsync<WorkflowInstance>(StateName);
        if (!stored.HasValue || stored.Value.IsFinished || stored.Value.Pending is not { } pending)
        {
            // A reminder that outlived its instance (at-least-once delivery): nothing to do.
            await UnregisterReminderAsync(AdvanceReminder);
            return;
        }

        var instance = stored.Value;
        var now = time.GetUtcNow();
        if (pending.DueAt > now)
        {
            // Early: a duplicate or the watchdog firing during a back-off. Keep the wake-up for the due time.
            await ScheduleAsync(pending.DueAt - now);
            return;
        }

        var outcome = await executor.ExecuteAsync(InstanceId, pending, CancellationToken.None);
        var finishedAt = time.GetUtcNow();
        Observe(o => o.ActivityAttempted(instance.Name, pending, outcome));

        var next = Next(instance, pending, outcome, finishedAt);
        await CheckpointAndScheduleAsync(next, finishedAt);
    }

    private WorkflowInstance Next(WorkflowInstance instance, PendingActivity pending, ActivityOutcome outcome, DateTimeOffset now)
    {
        if (!outcome.Succeeded && outcome.Retryable && pending.RetryPolicy is { } policy && policy.AllowsRetry(pending.Attempt, pending.FirstAttemptAt, now))
        {
            return instance with
            {
                Pending = pending with { Attempt = pending.Attempt + 1, DueAt = now + policy.DelayAfter(pending.Attempt), LastError = outcome.Failure },
                Status = WorkflowRuntimeStatus.Running,
                LastUpdatedAt = now,
            };
        }

        var record = new ActivityRecord(pending.Sequence, pending.Name, pending.Attempt, now, outcome.Output, outcome.Failure);
        var recorded = instance with { History = [.. instance.History, record], Pending = null };
        var workflow = registry.CreateWorkflow(instance.Name)
            ?? throw new InvalidOperationException($"Workflow '{instance.Name}' is no longer registered in this app.");
        return WorkflowReplayer.Advance(workflow, InstanceId, recorded, now);
    }

    /// <summary>The checkpoint: the whole instance in one save, and only then the next wake-up.</summary>
    private async Task CheckpointAndScheduleAsync(WorkflowInstance instance, DateTimeOffset now)
    {
        await StateManager.SetStateAsync(StateName, instance);
        await StateManager.SaveStateAsync();

        if (instance.IsFinished)
        {
            await UnregisterReminderAsync(AdvanceReminder);
            await IndexAsync(i => i.RemoveAsync(instance.Name, InstanceId, CancellationToken.None));
            Observe(o => o.WorkflowFinished(instance.Name, InstanceId, instance));
        }
        else if (instance.Pending is { } pending)
        {
            await ScheduleAsync(pending.DueAt > now ? pending.DueAt - now : TimeSpan.Zero);
        }
    }

    private Task ScheduleAsync(TimeSpan dueTime) =>
        RegisterReminderAsync(AdvanceReminder, null, dueTime, options.Value.WatchdogPeriod);

    private string InstanceId => Id.GetId();

    private async Task IndexAsync(Func<IWorkflowInstanceIndex, Task> update)
    {
        foreach (var index in indexes)
        {
            try
            {
                await update(index);
            }
            catch (Exception e)
            {
                Logger.LogWarning(e, "Workflow instance index {Index} failed for {InstanceId}; the workflow goes on", index.GetType().Name, InstanceId);
            }
        }
    }

    private void Observe(Action<IWorkflowObserver> notify)
    {
        foreach (var observer in observers)
        {
            try
            {
                notify(observer);
            }
            catch (Exception e)
            {
                Logger.LogWarning(e, "Workflow observer {Observer} failed; the workflow goes on", observer.GetType().Name);
            }
        }
    }
}
