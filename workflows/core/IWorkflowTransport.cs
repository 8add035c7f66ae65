namespace Growbin.Workflows;

/// <summary>How a <see cref="WorkflowClient"/> reaches the workflow actors: directly, or through the host app's endpoints.</summary>
internal interface IWorkflowTransport
{
    /// <summary>Starts the instance; false when it already existed.</summary>
    Task<bool> StartAsync(string instanceId, WorkflowStartRequest request, CancellationToken cancellationToken);

    /// <summary>The instance's state; <see cref="WorkflowState.NotFound"/> when there is no such instance.</summary>
    Task<WorkflowState> GetStateAsync(string instanceId, bool withInputsAndOutputs, CancellationToken cancellationToken);
}
