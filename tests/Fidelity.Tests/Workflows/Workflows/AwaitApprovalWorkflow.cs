using Dapr.Workflow;

namespace Growbin.Fidelity.Tests.Workflows.Workflows;

/// <summary>Runs until an "approve" event arrives.</summary>
public sealed class AwaitApprovalWorkflow : Workflow<string, string>
{
    public const string EventName = "approve";

    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var approval = await context.WaitForExternalEventAsync<string>(EventName);
        return $"{input} approved by {approval}";
    }
}
