namespace Growbin.RecycleInfo;

public sealed record SourceResponse(string Id, string Title, string Publisher, string? Url);
