using Growbin.TaskScheduler.Jobs;

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

        var tick = await SchedulerSystem.TickAsync(system.Replica("a"));

        tick.Jobs.Single(j => j.Job == Purge).Outcome.Should().Be(JobOutcomes.Succeeded);
        system.Objects.Objects.Keys.Should().BeEquivalentTo("raw/fresh", "images/ancient.jpg", "rawish/old");
        system.Dapr.BindingInvocations.Where(i => i.Operation == "delete")
            .Select(i => i.Metadata["key"]).Should().BeEquivalentTo("raw/old-1", "raw/old-2");
        system.Dapr.BindingInvocations.Where(i => i.Operation == "list")
            .Select(i => System.Text.Encoding.UTF8.GetString(i.Data.ToArray()))
            .Should().OnlyContain(body => body.Contains("\"prefix\":\"raw/\""));
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
}
