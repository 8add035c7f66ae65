using System.Net;
using System.Text.Json;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.RateLimiting;

namespace Growbin.WasteApi.Tests;

/// <summary>
/// Abuse: polling a scan's status (or reopening its events stream) in a loop, each read reaching scan-pipeline, and
/// holding many events streams open at once. Reads go through the per-user token bucket (429 + Retry-After, nothing
/// reaches scan-pipeline); a user holds at most 3 streams, the next is a 429, and a stream that ends — finished,
/// dropped by the client — gives its slot back. Real Kestrel on loopback; every loop is bounded.
/// </summary>
public sealed class ScanStatusLimitTests
{
    private const int Bucket = 5;
    private const int StreamLimit = 3;

    [Fact]
    public async Task Polls_past_the_per_user_limit_get_429_with_retry_after_and_never_reach_scan_pipeline()
    {
        await using var host = new ScanStatusHost(requestsPerUser: Bucket);
        var userId = Guid.NewGuid().ToString();
        var taskId = host.AddScan(userId);
        using var client = host.ClientFor(userId);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < Bucket + 20; i++)
        {
            answers.Add(await client.GetAsync($"api/v1/waste/{taskId}"));
        }

        answers.Take(Bucket).Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        foreach (var refused in answers.Skip(Bucket))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            refused.Headers.RetryAfter!.Delta.Should().BePositive();
            (await ProblemOf(refused)).GetProperty("type").GetString().Should().Be(ProblemTypes.RateLimited);
        }

        host.PipelineReads.Should().Be(Bucket, "a refused poll is answered before scan-pipeline is asked");
        using var other = host.ClientFor(Guid.NewGuid().ToString());
        (await other.GetAsync($"api/v1/waste/{host.AddScan("someone")}")).StatusCode.Should().Be(HttpStatusCode.NotFound,
            "another user has a bucket of their own (and sees no one else's scan)");
    }

    [Fact]
    public async Task Reopening_the_events_stream_in_a_loop_is_limited_the_same_way()
    {
        await using var host = new ScanStatusHost(requestsPerUser: Bucket);
        var userId = Guid.NewGuid().ToString();
        var taskId = host.AddScan(userId, ScanStatus.Completed);
        using var client = host.ClientFor(userId);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Bucket + 20; i++)
        {
            using var stream = await ScanStatusHost.OpenEventsAsync(client, taskId);
            statuses.Add(stream.Response.StatusCode);
            if (stream.Response.IsSuccessStatusCode)
            {
                (await stream.NextEventAsync())!.Value.Event.Should().Be("result");
            }
        }

        statuses.Take(Bucket).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        statuses.Skip(Bucket).Should().AllBeEquivalentTo(HttpStatusCode.TooManyRequests);
        host.PipelineReads.Should().Be(Bucket);
    }

    [Fact]
    public async Task A_fourth_concurrent_stream_is_refused_with_429_and_a_dropped_one_frees_its_slot()
    {
        await using var host = new ScanStatusHost();
        var userId = Guid.NewGuid().ToString();
        var taskId = host.AddScan(userId);
        using var client = host.ClientFor(userId);
        var open = new List<ScanStatusHost.OpenStream>();
        for (var i = 0; i < StreamLimit; i++)
        {
            var stream = await ScanStatusHost.OpenEventsAsync(client, taskId);
            stream.Response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await stream.NextEventAsync())!.Value.Event.Should().Be("progress");
            open.Add(stream);
        }

        using (var fourth = await ScanStatusHost.OpenEventsAsync(client, taskId))
        {
            fourth.Response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            fourth.Response.Headers.RetryAfter!.Delta.Should().Be(StreamSlots.RetryAfter);
            (await ProblemOf(fourth.Response)).GetProperty("type").GetString().Should().Be(StreamSlots.TooManyStreamsType);
        }

        open[0].Drop();
        await host.WaitForOpenStreamsAsync(userId, StreamLimit - 1);
        using var next = await ScanStatusHost.OpenEventsAsync(client, taskId);

        next.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await next.NextEventAsync())!.Value.Event.Should().Be("progress");
        var otherId = Guid.NewGuid().ToString();
        using var otherUser = host.ClientFor(otherId);
        var theirs = await ScanStatusHost.OpenEventsAsync(otherUser, host.AddScan(otherId));
        theirs.Response.StatusCode.Should().Be(HttpStatusCode.OK, "another user's streams are counted apart");
        theirs.Drop();
        foreach (var stream in open.Skip(1))
        {
            stream.Drop();
        }
    }

    [Fact]
    public async Task Streams_that_end_with_the_scan_give_their_slots_back()
    {
        await using var host = new ScanStatusHost();
        var userId = Guid.NewGuid().ToString();
        var taskId = host.AddScan(userId);
        using var client = host.ClientFor(userId);
        var open = new List<ScanStatusHost.OpenStream>();
        for (var i = 0; i < StreamLimit; i++)
        {
            var stream = await ScanStatusHost.OpenEventsAsync(client, taskId);
            (await stream.NextEventAsync())!.Value.Event.Should().Be("progress");
            open.Add(stream);
        }

        host.Scans[taskId] = host.Scans[taskId] with { Status = ScanStatus.Completed, Step = "respond" };
        foreach (var stream in open)
        {
            (await stream.NextEventAsync())!.Value.Event.Should().Be("result");
            (await stream.NextEventAsync()).Should().BeNull("the stream closes after the result");
            stream.Dispose();
        }

        await host.WaitForOpenStreamsAsync(userId, 0);
        using var again = await ScanStatusHost.OpenEventsAsync(client, taskId);
        again.Response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("not-a-task-id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public async Task A_malformed_task_id_is_a_404_that_asks_scan_pipeline_nothing_and_holds_no_stream(string taskId)
    {
        await using var host = new ScanStatusHost();
        var userId = Guid.NewGuid().ToString();
        using var client = host.ClientFor(userId);

        var status = await client.GetAsync($"api/v1/waste/{taskId}");
        using var events = await ScanStatusHost.OpenEventsAsync(client, taskId);

        status.StatusCode.Should().Be(HttpStatusCode.NotFound);
        events.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        host.PipelineReads.Should().Be(0);
        host.Slots.OpenFor(userId).Should().Be(0);
    }

    [Fact]
    public async Task Someone_elses_or_an_unknown_scan_is_a_404_that_gives_its_slot_back()
    {
        await using var host = new ScanStatusHost();
        var userId = Guid.NewGuid().ToString();
        using var client = host.ClientFor(userId);

        for (var i = 0; i < StreamLimit + 2; i++)
        {
            var taskId = i % 2 == 0 ? host.AddScan("someone-else") : Guid.NewGuid().ToString("N");
            using var events = await ScanStatusHost.OpenEventsAsync(client, taskId);
            events.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        host.Slots.OpenFor(userId).Should().Be(0);
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
