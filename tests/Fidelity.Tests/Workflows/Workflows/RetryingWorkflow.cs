using Dapr.Workflow;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Apps;

namespace Growbin.Fidelity.Tests.Workflows.Workflows;

/// <summary>One remote activity under Growbin's rules policy: 5 attempts, 1 s, ×2, at most 30 s.</summary>
public sealed class RetryingWorkflow : Workflow<string, string>
{
    public static readonly WorkflowRetryPolicy Policy = new(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    public override Task<string> RunAsync(WorkflowContext context, string input) =>
        context.CallActivityAsync<string>(nameof(FlakyActivity), input, new WorkflowTaskOptions(Policy, AppIds.WorkerA));
}
