using Dapr.Actors;

namespace Growbin.Workflows;

/// <summary>The actor behind each workflow instance (actor id = instance id). Callers use <see cref="WorkflowClient"/>.</summary>
public interface IWorkflowActor : IActor
{
    /// <summary>Starts the instance; false when it already exists (a repeated start changes nothing).</summary>
    Task<bool> StartAsync(WorkflowStartRequest request);

    Task<WorkflowState> GetStateAsync(bool withInputsAndOutputs);
}
