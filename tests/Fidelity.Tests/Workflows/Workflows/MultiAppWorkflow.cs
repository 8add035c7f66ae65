using Dapr.Workflow;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Apps;

namespace Growbin.Fidelity.Tests.Workflows.Workflows;

/// <summary>Three activities in three apps: two by TargetAppId, the last in the workflow's own app.</summary>
public sealed class MultiAppWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var upper = await context.CallActivityAsync<string>(nameof(UpperActivity), input, new WorkflowTaskOptions(TargetAppId: AppIds.WorkerA));
        var reversed = await context.CallActivityAsync<string>(nameof(ReverseActivity), upper, new WorkflowTaskOptions(TargetAppId: AppIds.WorkerB));
        return await context.CallActivityAsync<string>(nameof(ExclaimActivity), reversed);
    }
}
