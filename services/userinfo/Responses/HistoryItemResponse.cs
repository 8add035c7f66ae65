namespace Growbin.UserInfo.Responses;

/// <summary>One completed scan, as recorded from its scan-completed event.</summary>
/// <param name="ItemId">The knowledge dataset's item id, or null when the scan matched only a category.</param>
/// <param name="ImageKey">The normalized photo's object key in the images bucket.</param>
public sealed record HistoryItemResponse(
    string ScanId,
    string? ItemId,
    string ItemName,
    string Category,
    string AnswerSummary,
    string ImageKey,
    DateTimeOffset CompletedAt);
