using Dapr.Client;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Locks;
using Growbin.TaskScheduler.Jobs;
using Growbin.TestSupport.Dapr;

namespace Growbin.TaskScheduler.Tests;

#pragma warning disable DAPR_DISTRIBUTEDLOCK // The test holds the image lock as image-uploader does.

/// <summary>
/// image-purge: a stored photo goes once no history row names it and no scan has stored it for the retention (24 h);
/// a photo a scan stores again meanwhile, or that a history row names by the time the job holds its lock, stays.
/// </summary>
public sealed class ImagePurgeTests
{
    private const string Job = "image-purge";

    [Fact]
    public async Task An_unused_photo_past_the_retention_goes_and_a_named_or_recently_stored_one_stays()
    {
        await using var system = new SchedulerSystem();
        system.Upload("images/unused.jpg", TimeSpan.FromHours(25));
        system.Upload("images/named.jpg", TimeSpan.FromDays(40));
        system.Upload("images/recent.jpg", TimeSpan.FromHours(23));
        system.Upload("raw/young", TimeSpan.FromHours(1));
        await HistoryRows.RecordScanOfAsync(await system.DatabaseAsync(), "images/named.jpg");

        var tick = await SchedulerSystem.TickAsync(system.Replica("a"));

        tick.Jobs.Single(j => j.Job == Job).Should().Match<JobRun>(r => r.Outcome == JobOutcomes.Succeeded && r.Detail!.StartsWith("deleted 1, kept 2, busy 0, failed 0"));
        system.Objects.Objects.Keys.Should().BeEquivalentTo("images/named.jpg", "images/recent.jpg", "raw/young");
    }

    [Fact]
    public async Task A_photo_whose_lock_a_scan_holds_is_left_for_the_next_run()
    {
        await using var system = new SchedulerSystem();
        system.Upload("images/storing.jpg", TimeSpan.FromDays(2));
        var resource = ImageLock.ResourceFor("images/storing.jpg");
        (await system.Dapr.Lock(DaprComponents.Lock, resource, "image-uploader-attempt", 60)).Success.Should().BeTrue();
        var replica = system.Replica("a");

        var busy = await SchedulerSystem.TickAsync(replica);
        await system.Dapr.Unlock(DaprComponents.Lock, resource, "image-uploader-attempt");
        system.Clock.Advance(TimeSpan.FromHours(1));
        var next = await SchedulerSystem.TickAsync(replica);

        busy.Jobs.Single(j => j.Job == Job).Detail.Should().StartWith("deleted 0, kept 0, busy 1, failed 0");
        next.Jobs.Single(j => j.Job == Job).Detail.Should().StartWith("deleted 1, kept 0, busy 0, failed 0");
        system.Objects.Objects.Should().BeEmpty();
    }

    [Fact]
    public async Task A_photo_stored_again_after_the_listing_is_kept_because_the_check_under_the_lock_sees_it()
    {
        await using var system = new SchedulerSystem();
        system.Upload("images/shared.jpg", TimeSpan.FromDays(2));
        // Another user's scan stores the same photo right after the job listed the bucket, before it takes the lock.
        system.Dapr.RegisterBinding(DaprComponents.Images, new AfterImagesListing(system.Bucket, () => system.Objects.Put("images/shared.jpg", [1, 2, 3])));

        var tick = await SchedulerSystem.TickAsync(system.Replica("a"));

        tick.Jobs.Single(j => j.Job == Job).Detail.Should().StartWith("deleted 0, kept 1");
        system.Objects.Objects.Keys.Should().Equal("images/shared.jpg");
    }

    [Fact]
    public async Task A_photo_a_history_row_names_by_the_time_the_lock_is_held_is_kept()
    {
        await using var system = new SchedulerSystem();
        system.Upload("images/late.jpg", TimeSpan.FromDays(2));
        var database = await system.DatabaseAsync();
        system.Dapr.RegisterBinding(DaprComponents.Images,
            new AfterImagesListing(system.Bucket, () => HistoryRows.RecordScanOfAsync(database, "images/late.jpg").GetAwaiter().GetResult()));

        var tick = await SchedulerSystem.TickAsync(system.Replica("a"));

        tick.Jobs.Single(j => j.Job == Job).Detail.Should().StartWith("deleted 0, kept 1");
        system.Objects.Objects.Keys.Should().Equal("images/late.jpg");
    }

    [Fact]
    public async Task Every_page_is_checked_and_nothing_outside_images_is_touched()
    {
        await using var system = new SchedulerSystem();
        for (var i = 0; i < 5; i++)
        {
            system.Upload($"images/old-{i}.jpg", TimeSpan.FromDays(3));
        }

        system.Upload("imagesque/old.jpg", TimeSpan.FromDays(3));
        await HistoryRows.RecordScanOfAsync(await system.DatabaseAsync(), "images/old-3.jpg");

        var tick = await SchedulerSystem.TickAsync(system.Replica("a", ("Scheduler:ListPageSize", "2")));

        tick.Jobs.Single(j => j.Job == Job).Detail.Should().StartWith("deleted 4, kept 1, busy 0, failed 0");
        system.Objects.Objects.Keys.Should().BeEquivalentTo("images/old-3.jpg", "imagesque/old.jpg");
        (await system.StatementsAsync("jsonb_array_elements_text")).Should().BeGreaterThanOrEqualTo(3, "one query per page, one more per photo before its delete");
    }

    [Fact]
    public async Task A_failed_delete_fails_the_run_so_the_next_tick_of_the_hour_tries_again()
    {
        await using var system = new SchedulerSystem();
        system.Upload("images/stuck.jpg", TimeSpan.FromDays(2));
        system.Upload("images/gone.jpg", TimeSpan.FromDays(2));
        system.Bucket.FailDeleteOf("images/stuck.jpg");
        var replica = system.Replica("a");

        var first = await SchedulerSystem.TickAsync(replica);
        system.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await SchedulerSystem.TickAsync(replica);

        first.Jobs.Single(j => j.Job == Job).Should().Match<JobRun>(r => r.Outcome == JobOutcomes.Failed && r.Detail!.Contains("deleted 1, kept 0, busy 0, failed 1"));
        second.Jobs.Single(j => j.Job == Job).Outcome.Should().Be(JobOutcomes.Failed, "the hour stayed open, so the job ran again");
        system.Objects.Objects.Keys.Should().Equal("images/stuck.jpg");
    }

    /// <summary>Runs <paramref name="rival"/> once, right after the first listing of images/ has been answered.</summary>
    private sealed class AfterImagesListing(IBindingHandler inner, Action rival) : IBindingHandler
    {
        private int _ran;

        public async Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct)
        {
            var response = await inner.HandleAsync(request, ct);
            if (request.Operation == "list" && System.Text.Encoding.UTF8.GetString(request.Data.Span).Contains("\"prefix\":\"images/\"", StringComparison.Ordinal)
                && Interlocked.Exchange(ref _ran, 1) == 0)
            {
                rival();
            }

            return response;
        }
    }
}
