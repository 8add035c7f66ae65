using Dapr.Workflow;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Apps;

namespace Growbin.Fidelity.Tests.Workflows.Workflows;

/// <summary>Calls an activity of an app that is not running when the workflow starts.</summary>
public sealed class GhostAppWorkflow : Workflow<string, string>
{
    public override Task<string> RunAsync(WorkflowContext context, string input) =>
        context.CallActivityAsync<string>(nameof(GhostActivity), input, new WorkflowTaskOptions(TargetAppId: AppIds.Ghost));
}
