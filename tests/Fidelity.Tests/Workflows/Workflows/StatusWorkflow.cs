using Dapr.Workflow;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Apps;

namespace Growbin.Fidelity.Tests.Workflows.Workflows;

/// <summary>Reports its progress as custom status around one activity.</summary>
public sealed class StatusWorkflow : Workflow<string, string>
{
    public const string Waiting = "waiting for step one";
    public const string Done = "done";

    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        context.SetCustomStatus(Waiting);
        var result = await context.CallActivityAsync<string>(nameof(StepOneActivity), input, new WorkflowTaskOptions(TargetAppId: AppIds.WorkerA));
        context.SetCustomStatus(Done);
        return result;
    }
}
