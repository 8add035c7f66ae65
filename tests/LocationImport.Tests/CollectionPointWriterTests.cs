using Growbin.Location.Import;
using Growbin.ServiceDefaults.Data;
using Growbin.TestSupport.Dapr;

namespace Growbin.LocationImport.Tests;

[Collection(ImportCollection.Name)]
public sealed class CollectionPointWriterTests(ImportDatabase fixture)
{
    private static PointRow Row(int line, string sourceId, string kind = "medicine") =>
        new(line, sourceId, $"약국 {sourceId}", kind, "서울특별시 마포구 월드컵로 1", null, null, "마포구", null, 37.5 + line / 1000.0, 126.9);

    [Fact]
    public async Task A_batch_the_database_refuses_is_retried_row_by_row_so_only_the_bad_row_is_skipped()
    {
        using var dapr = new InMemoryDaprClient();
        fixture.Database.AttachTo(dapr);
        var writer = new CollectionPointWriter(new PostgresBinding(dapr));
        var source = Samples.NewSource("writer");
        var skipped = new List<SkippedRow>();

        // A kind the table's CHECK refuses: the importer never sends one, so this stands for any row-level refusal.
        var counts = await writer.UpsertAsync(source, [Row(2, "a"), Row(3, "b", kind: "sofa"), Row(4, "c")], skipped);

        counts.Should().Be(new UpsertCounts(Inserted: 2, Updated: 0, Unchanged: 0));
        skipped.Should().Equal(new SkippedRow(3, "b", "the database refused the row (SQLSTATE 23514)"));
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM growbin.collection_points WHERE source = $1", source)).Should().Be(2);
    }

    [Fact]
    public async Task Upsert_counts_new_changed_and_unchanged_rows_of_one_batch()
    {
        using var dapr = new InMemoryDaprClient();
        fixture.Database.AttachTo(dapr);
        var writer = new CollectionPointWriter(new PostgresBinding(dapr));
        var source = Samples.NewSource("writer");
        await writer.UpsertAsync(source, [Row(2, "a"), Row(3, "b")], []);

        var counts = await writer.UpsertAsync(source, [Row(2, "a"), Row(3, "b") with { Name = "바뀐 이름" }, Row(4, "c")], []);

        counts.Should().Be(new UpsertCounts(Inserted: 1, Updated: 1, Unchanged: 1));
    }
}
