using System.Text.Json;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.TaskScheduler.Jobs;
using Growbin.TestSupport.Dapr;

namespace Growbin.TaskScheduler.Tests;

public sealed class PurgeTests
{
    private const string Purge = "raw-upload-purge";

    [Fact]
    public async Task Purge_deletes_only_raw_uploads_older_than_24_hours()
    {
        await using var system = new SchedulerSystem();
        system.Upload("raw/old-1", TimeSpan.FromHours(30));
        system.Upload("raw/old-2", TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        system.Upload("raw/fresh", TimeSpan.FromHours(23));
        system.Upload("images/ancient.jpg", TimeSpan.FromDays(3));
        system.Upload("rawish/old", TimeSpan.FromDays(2));
        // A history row names the photo, so image-purge (the other job listing this bucket) keeps it too.
        await HistoryRows.RecordScanOfAsync(await system.DatabaseAsync(), "images/ancient.jpg");

        var tick = await SchedulerSystem.TickAsync(system.Replica("a"));

        tick.Jobs.Single(j => j.Job == Purge).Outcome.Should().Be(JobOutcomes.Succeeded);
        system.Objects.Objects.Keys.Should().BeEquivalentTo("raw/fresh", "images/ancient.jpg", "rawish/old");
        system.Dapr.BindingInvocations.Where(i => i.Operation == "delete")
            .Select(i => i.Metadata["key"]).Should().BeEquivalentTo("raw/old-1", "raw/old-2");
        system.Dapr.BindingInvocations.Where(i => i.Operation == "list")
            .Select(i => System.Text.Encoding.UTF8.GetString(i.Data.ToArray()))
            .Should().OnlyContain(body => body.Contains("\"prefix\":\"raw/\"") || body.Contains("\"prefix\":\"images/"),
                "the raw purge lists raw/ only, image-purge images/ only");
    }

    [Fact]
    public async Task Purge_follows_the_markers_across_pages()
    {
        await using var system = new SchedulerSystem();
        for (var i = 0; i < 7; i++)
        {
            system.Upload($"raw/old-{i}", TimeSpan.FromDays(2));
            system.Upload($"raw/new-{i}", TimeSpan.FromHours(1));
        }

        var tick = await SchedulerSystem.TickAsync(system.Replica("a", ("Scheduler:ListPageSize", "3")));

        tick.Jobs.Single(j => j.Job == Purge).Detail.Should().StartWith("deleted 7, kept 7, failed 0");
        system.Objects.Objects.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 7).Select(i => $"raw/new-{i}"));
        system.Dapr.BindingInvocations.Count(i => i.Operation == "list").Should().BeGreaterThanOrEqualTo(5, "14 objects at 3 per page");
    }

    /// <summary>
    /// The s3 binding passes S3's ListObjects answer through (contrib bindings/aws/s3/s3.go), and S3 sends NextMarker
    /// only when the request has a delimiter. The purge sends none, so each next page must start after the last key.
    /// </summary>
    [Fact]
    public async Task Purge_pages_on_the_last_key_because_no_NextMarker_comes_without_a_delimiter()
    {
        await using var system = new SchedulerSystem();
        for (var i = 0; i < 7; i++)
        {
            system.Upload($"raw/k-{i:D2}", TimeSpan.FromDays(2));
        }

        var pages = new List<JsonElement>();
        system.Dapr.RegisterBinding(DaprComponents.Images, new RecordingBinding(system.Bucket, pages));

        var tick = await SchedulerSystem.TickAsync(system.Replica("a", ("Scheduler:ListPageSize", "3")));

        tick.Jobs.Single(j => j.Job == Purge).Detail.Should().StartWith("deleted 7, kept 0, failed 0");
        system.Objects.Objects.Should().BeEmpty();
        system.Dapr.BindingInvocations.Where(i => i.Operation == "list")
            .Select(i => JsonDocument.Parse(i.Data).RootElement)
            .Where(body => body.GetProperty("prefix").GetString() == "raw/")
            .Select(body => body.GetProperty("marker").GetString())
            .Should().Equal("", "raw/k-02", "raw/k-05");
        var rawPages = pages.Where(p => p.GetProperty("Prefix").GetString() == "raw/").ToList();
        rawPages.Select(p => p.GetProperty("IsTruncated").GetBoolean()).Should().Equal(true, true, false);
        rawPages.Should().OnlyContain(p => p.GetProperty("NextMarker").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Purge_runs_once_an_hour_and_again_in_the_next_hour()
    {
        await using var system = new SchedulerSystem();
        var replica = system.Replica("a");
        system.Upload("raw/a", TimeSpan.FromHours(25));

        (await SchedulerSystem.TickAsync(replica)).Jobs.Single(j => j.Job == Purge).Outcome.Should().Be(JobOutcomes.Succeeded);
        system.Upload("raw/b", TimeSpan.FromHours(25));
        system.Clock.Advance(TimeSpan.FromMinutes(1));
        (await SchedulerSystem.TickAsync(replica)).Jobs.Single(j => j.Job == Purge).Outcome.Should().Be(JobOutcomes.AlreadyDone);
        system.Objects.Objects.Keys.Should().Contain("raw/b", "the hour was already purged");

        system.Clock.Advance(TimeSpan.FromHours(1));
        (await SchedulerSystem.TickAsync(replica)).Jobs.Single(j => j.Job == Purge).Outcome.Should().Be(JobOutcomes.Succeeded);
        system.Objects.Objects.Keys.Should().NotContain("raw/b");
    }

    [Fact]
    public async Task A_delete_that_fails_is_counted_and_the_hour_is_tried_again_next_tick()
    {
        await using var system = new SchedulerSystem();
        var replica = system.Replica("a");
        system.Upload("raw/stubborn", TimeSpan.FromDays(2));
        system.Upload("raw/gone", TimeSpan.FromDays(2));
        system.Bucket.FailDeleteOf("raw/stubborn");
        var failedBefore = SchedulerSystem.Runs(Purge, JobOutcomes.Failed);

        var first = await SchedulerSystem.TickAsync(replica);

        first.Jobs.Single(j => j.Job == Purge).Outcome.Should().Be(JobOutcomes.Failed);
        first.Jobs.Single(j => j.Job == Purge).Detail.Should().Contain("deleted 1, kept 0, failed 1");
        SchedulerSystem.Runs(Purge, JobOutcomes.Failed).Should().Be(failedBefore + 1);
        system.Objects.Objects.Keys.Should().BeEquivalentTo("raw/stubborn");

        system.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await SchedulerSystem.TickAsync(replica);
        second.Jobs.Single(j => j.Job == Purge).Outcome.Should().Be(JobOutcomes.Failed, "the hour stayed open and it still fails");
    }

    [Fact]
    public async Task A_truncated_page_that_gives_nothing_to_go_on_fails_the_purge_instead_of_ending_it()
    {
        await using var system = new SchedulerSystem();
        system.Dapr.RegisterBinding(DaprComponents.Images, new StuckBucket());

        var tick = await SchedulerSystem.TickAsync(system.Replica("a"));

        var run = tick.Jobs.Single(j => j.Job == Purge);
        run.Outcome.Should().Be(JobOutcomes.Failed);
        run.Detail.Should().Contain("truncated but did not advance");
    }

    /// <summary>A list answer that says "more" with no keys and no NextMarker, every time.</summary>
    private sealed class StuckBucket : IBindingHandler
    {
        public Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct) =>
            Task.FromResult(new BindingResponse(request, """{"Contents":null,"IsTruncated":true,"NextMarker":null}"""u8.ToArray(),
                new Dictionary<string, string>()));
    }

    /// <summary>Keeps each list answer the bucket gives.</summary>
    private sealed class RecordingBinding(IBindingHandler inner, List<JsonElement> listed) : IBindingHandler
    {
        public async Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct)
        {
            var response = await inner.HandleAsync(request, ct);
            if (request.Operation == "list")
            {
                listed.Add(JsonDocument.Parse(response.Data).RootElement.Clone());
            }

            return response;
        }
    }
}
