using Growbin.Location.Data;
using Growbin.Location.Points;
using Growbin.ServiceDefaults.Data;

namespace Growbin.Location.Tests;

/// <summary>The statements are served by the indexes of migration 0003, not by reading and sorting the whole table.</summary>
[Collection(LocationCollection.Name)]
public sealed class PointQueryPlanTests(LocationHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(null)]
    [InlineData(PointKinds.Medicine)]
    public async Task Nearby_walks_the_gist_index_nearest_first_and_stops_after_the_limit(string? kind)
    {
        // The planner's free choice (bitmap scans allowed): it must not read every point in the circle and sort them.
        var plan = await ExplainAsync(PointQueries.Nearby, enableBitmapScan: true, 126.978, 37.5665, 1000.0, (object?)kind ?? DBNull.Value, 20);

        var lines = plan.Split('\n');
        var limit = Array.FindIndex(lines, l => l.TrimStart().StartsWith("->  Limit", StringComparison.Ordinal));
        limit.Should().BeGreaterThan(0, plan);
        var underLimit = string.Join('\n', lines[(limit + 1)..]);
        underLimit.Should().Contain("Index Scan using collection_points_location");
        underLimit.Should().MatchRegex(@"Order By: \(location <-> ", "KNN ordering comes from the index");
        underLimit.Should().NotContain("Sort", "only the few rows under the limit are ever sorted");
        underLimit.Should().NotContain("Bitmap");
    }

    [Fact]
    public async Task Search_uses_the_trigram_indexes()
    {
        var plan = await ExplainAsync(PointQueries.Search, enableBitmapScan: true, "재활용 정거장", DBNull.Value, DBNull.Value, 20);

        plan.Should().Contain("collection_points_name_trgm");
        plan.Should().Contain("collection_points_address_trgm");
        plan.Should().NotContain("Seq Scan");
    }

    [Fact]
    public async Task Get_by_id_uses_the_primary_key()
    {
        var plan = await ExplainAsync(PointQueries.GetById, enableBitmapScan: false, Guid.NewGuid().ToString());

        plan.Should().Contain("collection_points_pkey");
    }

    private async Task<string> ExplainAsync(string sql, bool enableBitmapScan, params object[] args)
    {
        await using var connection = await host.Database.Sql.OpenConnectionAsync();
        await using (var settings = connection.CreateCommand())
        {
            // A test table is tiny, where a sequential scan and a sort would win; the question is whether the
            // indexes can serve the filter and the order on their own.
            settings.CommandText = $"SET enable_seqscan = off; SET enable_bitmapscan = {(enableBitmapScan ? "on" : "off")}";
            await settings.ExecuteNonQueryAsync();
        }

        await using var explain = connection.CreateCommand();
        // As sent: QueryAsync wraps every read (PostgresBinding.Answered).
        explain.CommandText = "EXPLAIN " + PostgresBinding.Answered(sql);
        foreach (var arg in args)
        {
            explain.Parameters.AddWithValue(arg);
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
