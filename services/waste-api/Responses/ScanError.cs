namespace Growbin.WasteApi;

/// <param name="Type">A stable ProblemDetails type, e.g. https://api.growbin.app/problems/not-an-image.</param>
public sealed record ScanError(string? Step, string Type, string Detail);
