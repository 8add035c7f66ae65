using Growbin.TestSupport.Postgres;

namespace Growbin.TaskScheduler.Tests;

/// <summary>scan_history rows as userinfo records them, for the image purge to find.</summary>
public static class HistoryRows
{
    /// <summary>A user and one completed scan whose history row names <paramref name="imageKey"/>.</summary>
    public static async Task RecordScanOfAsync(GrowbinDatabase database, string imageKey)
    {
        var userId = await database.ScalarAsync<Guid>("INSERT INTO growbin.users (nickname) VALUES ('기록자') RETURNING id");
        await using var command = database.Sql.CreateCommand("""
            INSERT INTO growbin.scan_history (scan_id, user_id, item_name, category, answer_summary, image_key, completed_at)
            VALUES ($1, $2, '우유팩', 'paper-pack', '헹궈서 종이팩으로', $3, now())
            """);
        command.Parameters.AddWithValue(Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(imageKey);
        await command.ExecuteNonQueryAsync();
    }
}
