using System.Text.Json;
using Growbin.Contracts.Events;
using Growbin.ServiceDefaults.Data;
using Growbin.UserInfo.History;
using Growbin.UserInfo.Responses;

namespace Growbin.UserInfo.Data;

/// <summary>growbin.scan_history: recorded from scan-completed events, read back a page at a time.</summary>
public sealed class ScanHistoryStore(PostgresBinding db)
{
    /// <summary>
    /// Up to <paramref name="limit"/> scans after <paramref name="after"/> (from the newest when null). One more row
    /// than asked is fetched: its presence is what says there is a next page.
    /// </summary>
    public async Task<HistoryPageResponse> PageAsync(Guid userId, HistoryCursor? after, int limit, CancellationToken cancellationToken)
    {
        var user = userId.ToString("D");
        var rows = after is { } cursor
            ? await db.QueryAsync(UserQueries.NextHistoryPage, [user, limit + 1, cursor.CompletedAtParameter, cursor.ScanId], cancellationToken)
            : await db.QueryAsync(UserQueries.FirstHistoryPage, [user, limit + 1], cancellationToken);

        var items = rows.Take(limit).Select(ToItem).ToList();
        var next = rows.Count > limit ? new HistoryCursor(items[^1].CompletedAt, items[^1].ScanId).Encode() : null;
        return new HistoryPageResponse(items, next);
    }

    /// <summary>Records a completed scan; false when it was already recorded (a redelivery).</summary>
    /// <exception cref="PostgresBindingException">23503 when the user does not exist (any more).</exception>
    public async Task<bool> RecordAsync(ScanCompleted scan, Guid userId, CancellationToken cancellationToken) =>
        await db.ExecAsync(
            UserQueries.RecordScan,
            [
                scan.ScanId,
                userId.ToString("D"),
                scan.ItemId,
                scan.ItemName,
                scan.Category,
                scan.AnswerSummary,
                scan.ImageKey,
                scan.CompletedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ],
            cancellationToken) > 0;

    private static HistoryItemResponse ToItem(JsonElement[] row) => new(
        Columns.Text(row[0]),
        Columns.NullableText(row[1]),
        Columns.Text(row[2]),
        Columns.Text(row[3]),
        Columns.Text(row[4]),
        Columns.Text(row[5]),
        Columns.Timestamp(row[6]));
}
