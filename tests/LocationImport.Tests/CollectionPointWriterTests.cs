using Growbin.Location.Import;
using Growbin.ServiceDefaults.Data;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Postgres;

namespace Growbin.LocationImport.Tests;

/// <summary>
/// The writer on the growbin-db double, which answers like the real binding: a statement that fails while it runs is
/// reported by exec but would be an empty success from query, so every write here goes through exec.
/// </summary>
[Collection(ImportCollection.Name)]
public sealed class CollectionPointWriterTests(ImportDatabase fixture)
{
    private const string KindCheck =
        "new row for relation \"collection_points\" violates check constraint \"collection_points_kind_check\" (SQLSTATE 23514)";

    private static PointRow Row(int line, string sourceId, string kind = "medicine") =>
        new(line, sourceId, $"약국 {sourceId}", kind, "서울특별시 마포구 월드컵로 1", null, null, "마포구", null, 37.5 + line / 1000.0, 126.9);

    private CollectionPointWriter Writer(InMemoryDaprClient dapr)
    {
        fixture.Database.AttachTo(dapr);
        return new CollectionPointWriter(new PostgresBinding(dapr));
    }

    private static bool Of(ExecutedStatement statement, string source) =>
        statement.Params.Count > 0 && statement.Params[0].ValueKind == System.Text.Json.JsonValueKind.String
        && statement.Params[0].GetString() == source;

    private Task<long> CountAsync(string source) =>
        fixture.Database.ScalarAsync<long>("SELECT count(*) FROM growbin.collection_points WHERE source = $1", source);

    [Fact]
    public async Task A_batch_the_database_refuses_is_retried_row_by_row_so_only_the_bad_row_is_skipped()
    {
        using var dapr = new InMemoryDaprClient();
        var writer = Writer(dapr);
        var source = Samples.NewSource("writer");
        var skipped = new List<SkippedRow>();

        // A kind the table's CHECK refuses: the importer never sends one, so this stands for any row-level refusal.
        var counts = await writer.UpsertAsync(source, [Row(2, "a"), Row(3, "b", kind: "sofa"), Row(4, "c")], skipped);

        counts.Should().Be(new UpsertCounts(Inserted: 2, Updated: 0, Unchanged: 0));
        skipped.Should().Equal(new SkippedRow(3, "b", "the database refused the row: " + KindCheck));
        (await CountAsync(source)).Should().Be(2);
    }

    [Fact]
    public async Task Every_refused_row_of_a_batch_is_reported_and_the_counts_of_the_others_stay_right()
    {
        using var dapr = new InMemoryDaprClient();
        var writer = Writer(dapr);
        var source = Samples.NewSource("writer");
        await writer.UpsertAsync(source, [Row(2, "a"), Row(3, "b"), Row(4, "c")], []);
        var skipped = new List<SkippedRow>();

        var counts = await writer.UpsertAsync(source,
        [
            Row(2, "a"),
            Row(3, "b") with { Name = "바뀐 이름" },
            Row(4, "c", kind: "sofa"),
            Row(5, "d"),
            Row(6, "e", kind: "fridge"),
            Row(7, "f") with { Name = new string('가', 201) },
        ], skipped);

        counts.Should().Be(new UpsertCounts(Inserted: 1, Updated: 1, Unchanged: 1));
        skipped.Select(s => (s.Line, s.SourceId)).Should().Equal((4, "c"), (6, "e"), (7, "f"));
        skipped[0].Reason.Should().Be("the database refused the row: " + KindCheck);
        skipped[2].Reason.Should().Contain("collection_points_name_check").And.EndWith("(SQLSTATE 23514)");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT kind FROM growbin.collection_points WHERE source = $1 AND source_id = 'c'", source)).Should().Be("medicine",
            "the refused row keeps what it had");
        (await CountAsync(source)).Should().Be(4);
    }

    [Fact]
    public async Task Upsert_counts_new_changed_and_unchanged_rows_of_one_batch()
    {
        using var dapr = new InMemoryDaprClient();
        var writer = Writer(dapr);
        var source = Samples.NewSource("writer");
        await writer.UpsertAsync(source, [Row(2, "a"), Row(3, "b")], []);

        var counts = await writer.UpsertAsync(source, [Row(2, "a"), Row(3, "b") with { Name = "바뀐 이름" }, Row(4, "c")], []);

        counts.Should().Be(new UpsertCounts(Inserted: 1, Updated: 1, Unchanged: 1));
    }

    [Fact]
    public async Task A_batch_refused_for_something_other_than_its_data_ends_the_import_instead_of_counting_rows()
    {
        using var dapr = new InMemoryDaprClient();
        var writer = Writer(dapr);
        var source = Samples.NewSource("writer");
        using var denied = fixture.Database.Binding.DenyAtExecution(s => Of(s, source));
        var skipped = new List<SkippedRow>();

        var write = () => writer.UpsertAsync(source, [Row(2, "a"), Row(3, "b")], skipped);

        (await write.Should().ThrowAsync<PostgresBindingException>()).Which.SqlState.Should().Be("42501");
        skipped.Should().BeEmpty("no row is to blame");
        (await CountAsync(source)).Should().Be(0);
    }

    [Fact]
    public async Task A_connection_lost_on_the_update_of_changed_rows_ends_the_import_and_keeps_the_new_rows()
    {
        using var dapr = new InMemoryDaprClient();
        var writer = Writer(dapr);
        var source = Samples.NewSource("writer");
        await writer.UpsertAsync(source, [Row(2, "a")], []);
        using var drop = fixture.Database.Binding.DropConnectionAt(
            s => Of(s, source) && s.Sql == CollectionPointImportQueries.UpdateChanged);

        var write = () => writer.UpsertAsync(source, [Row(2, "a") with { Name = "바뀐 이름" }, Row(3, "b")], []);

        (await write.Should().ThrowAsync<PostgresBindingException>()).Which.SqlState.Should().BeNull();
        drop.Dispose();
        (await CountAsync(source)).Should().Be(2, "the insert of b ran; a rerun updates a");
        (await writer.UpsertAsync(source, [Row(2, "a") with { Name = "바뀐 이름" }, Row(3, "b")], []))
            .Should().Be(new UpsertCounts(Inserted: 0, Updated: 1, Unchanged: 1));
    }
}
