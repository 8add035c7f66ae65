namespace Growbin.Contracts.Pipeline;

/// <summary>The input of the scan workflow (instance id = <see cref="TaskId"/>), as waste-api starts it.</summary>
/// <param name="RawKey">Where waste-api stored the upload: <c>raw/{taskId}</c> in the <c>images</c> binding.</param>
/// <param name="Language">"ko" or "en", the answer's language (the request's Accept-Language); null (older scans) is Korean.</param>
/// <param name="Region">The person's region when the scan started (the form's, else the profile's), or null.</param>
public sealed record ScanRequest(
    string TaskId, string UserId, string RawKey, string? Question, DateTimeOffset SubmittedAt, string? Language = null, string? Region = null)
{
    /// <summary>The name the scan workflow is registered under in scan-pipeline.</summary>
    public const string WorkflowName = "ScanWorkflow";
}
