namespace Growbin.Workflows;

/// <summary>How <see cref="WorkflowClient"/> reaches the workflow host (config section <c>Workflows</c>).</summary>
public sealed class WorkflowClientOptions
{
    /// <summary>
    /// The app id of the app hosting the workflows (it maps <see cref="WorkflowEndpoints"/>): set, the client uses
    /// service invocation, which works across namespaces (<c>scan-pipeline.workers</c>); empty, it calls the actors
    /// directly, which works only in the host's own namespace.
    /// </summary>
    public string? HostAppId { get; set; }
}
