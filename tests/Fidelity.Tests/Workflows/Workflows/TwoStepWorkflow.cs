using Dapr.Workflow;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Apps;

namespace Growbin.Fidelity.Tests.Workflows.Workflows;

public sealed class TwoStepWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var one = await context.CallActivityAsync<string>(nameof(StepOneActivity), input, new WorkflowTaskOptions(TargetAppId: AppIds.WorkerA));
        return await context.CallActivityAsync<string>(nameof(StepTwoActivity), one, new WorkflowTaskOptions(TargetAppId: AppIds.WorkerA));
    }
}
