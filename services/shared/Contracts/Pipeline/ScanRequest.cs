namespace Growbin.Contracts.Pipeline;

/// <summary>The input of the scan workflow (instance id = <see cref="TaskId"/>), as waste-api starts it.</summary>
/// <param name="RawKey">Where waste-api stored the upload: <c>raw/{taskId}</c> in the <c>images</c> binding.</param>
public sealed record ScanRequest(string TaskId, string UserId, string RawKey, string? Question, DateTimeOffset SubmittedAt)
{
    /// <summary>The name the scan workflow is registered under in scan-pipeline.</summary>
    public const string WorkflowName = "ScanWorkflow";
}
