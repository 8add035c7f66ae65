using Growbin.UserInfo.Data;

namespace Growbin.UserInfo.Tests;

/// <summary>The history pages walk the index scan_history_user_completed instead of sorting a user's whole history.</summary>
[Collection(UserInfoCollection.Name)]
public sealed class HistoryQueryPlanTests(UserInfoHost host)
{
    [Fact]
    public async Task The_next_page_seeks_the_index_past_the_cursor_row_without_sorting()
    {
        var plan = await ExplainAsync(UserQueries.NextHistoryPage, Guid.NewGuid(), 21, DateTimeOffset.UtcNow, UserInfoHost.NewScanId());

        plan.Should().Contain("scan_history_user_completed");
        plan.Should().MatchRegex(@"Index Cond: .*\(completed_at, scan_id\) < ", "the cursor is an index condition, not a filter");
        plan.Should().NotContain("Sort");
    }

    [Fact]
    public async Task The_first_page_reads_the_index_in_order_without_sorting()
    {
        var plan = await ExplainAsync(UserQueries.FirstHistoryPage, Guid.NewGuid(), 21);

        plan.Should().Contain("scan_history_user_completed");
        plan.Should().NotContain("Sort");
    }

    private async Task<string> ExplainAsync(string sql, params object[] args)
    {
        await using var connection = await host.Database.Sql.OpenConnectionAsync();
        await using (var noSeqScan = connection.CreateCommand())
        {
            // A test table is tiny, where a sequential or bitmap scan and a sort would win; the question is whether the
            // index can serve the order and the cursor on its own.
            noSeqScan.CommandText = "SET enable_seqscan = off; SET enable_bitmapscan = off";
            await noSeqScan.ExecuteNonQueryAsync();
        }

        await using var explain = connection.CreateCommand();
        // As sent: QueryAsync wraps every read (PostgresBinding.Answered).
        explain.CommandText = "EXPLAIN " + Growbin.ServiceDefaults.Data.PostgresBinding.Answered(sql);
        foreach (var arg in args)
        {
            explain.Parameters.AddWithValue(arg is DateTimeOffset time ? time.UtcDateTime.ToString("O") : arg);
        }

        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
