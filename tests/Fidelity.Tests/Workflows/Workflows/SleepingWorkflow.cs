using Dapr.Workflow;

namespace Growbin.Fidelity.Tests.Workflows.Workflows;

/// <summary>Sleeps on a durable timer and returns the workflow clock it woke at.</summary>
public sealed class SleepingWorkflow : Workflow<string, DateTime>
{
    public static readonly TimeSpan Nap = TimeSpan.FromMinutes(5);

    public override async Task<DateTime> RunAsync(WorkflowContext context, string input)
    {
        await context.CreateTimer(Nap);
        return context.CurrentUtcDateTime;
    }
}
