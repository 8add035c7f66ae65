using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.VisionAnalyzer;

/// <summary>
/// Why a scan got no analysis, as the pipeline needs it: a 503 it may retry, or a 4xx with an
/// <see cref="ActivityFailures"/> type that ends the scan at once.
/// </summary>
public sealed class AnalyzeFailure(int status, string type, string title, string detail, Exception? innerException = null)
    : Exception(detail, innerException)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string Title { get; } = title;

    public bool IsRetryable => Status >= 500;

    public static AnalyzeFailure Transient(string title, string detail, Exception? innerException = null) =>
        new(StatusCodes.Status503ServiceUnavailable, ProblemTypes.DependencyUnavailable, title, detail, innerException);

    public static AnalyzeFailure Final(string slug, string title, string detail, Exception? innerException = null) =>
        new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.For(slug), title, detail, innerException);
}
