namespace Growbin.Contracts.Pipeline;

/// <summary>Input of <c>upload</c>: the raw upload waste-api stored through the <c>images</c> binding.</summary>
/// <param name="RawKey">The object key of the raw upload, <c>raw/{taskId}</c>.</param>
public sealed record UploadRequest(string TaskId, string RawKey);
