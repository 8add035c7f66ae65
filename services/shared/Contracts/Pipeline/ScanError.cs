namespace Growbin.Contracts.Pipeline;

/// <param name="Step">The step that failed.</param>
/// <param name="Type">A stable ProblemDetails type, e.g. https://api.growbin.app/problems/not-an-image.</param>
/// <param name="Detail">The type's fixed public message (ServiceDefaults <c>PublicScanErrors</c>), never an activity's own text.</param>
public sealed record ScanError(string? Step, string Type, string Detail);
