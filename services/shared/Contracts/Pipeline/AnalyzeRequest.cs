namespace Growbin.Contracts.Pipeline;

/// <summary>Input of <c>analyze</c>: where the cleaned image is, its hash (the AI cache key) and the person's question.</summary>
public sealed record AnalyzeRequest(string TaskId, string ImageKey, string ImageSha256, string? Question);
