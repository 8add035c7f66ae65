namespace Growbin.Location.Responses;

/// <summary>Local matches first (best first), then the provider's places that are not the same place as a local one.</summary>
public sealed record SearchResponse(string Query, IReadOnlyList<SearchItemResponse> Items, ExternalSearchStatus External);
