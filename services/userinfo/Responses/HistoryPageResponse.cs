namespace Growbin.UserInfo.Responses;

/// <summary>A page of scan history, newest first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record HistoryPageResponse(IReadOnlyList<HistoryItemResponse> Items, string? NextCursor);
