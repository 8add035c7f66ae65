namespace Growbin.Contracts.Pipeline;

/// <param name="Step">The step that failed.</param>
/// <param name="Type">A stable ProblemDetails type, e.g. https://api.growbin.app/problems/not-an-image.</param>
public sealed record ScanError(string? Step, string Type, string Detail);
