namespace Growbin.ImageUploader;

/// <summary>Why an upload can never become a stored image.</summary>
/// <param name="Failure">An <see cref="Growbin.Contracts.Pipeline.ActivityFailures"/> slug.</param>
/// <param name="Detail">What was wrong, in English, for the ProblemDetails <c>detail</c> and the logs.</param>
public sealed record ImageRejection(string Failure, string Detail);
