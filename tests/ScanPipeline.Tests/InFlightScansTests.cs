extern alias ScanPipeline;
using System.Net.Http.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Images;
using ScanPipeline::Growbin.ScanPipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ScanPipeline.Tests;

/// <summary>scan-pipeline's in-flight list, read through service invocation as task-scheduler's stuck check reads it.</summary>
public sealed class InFlightScansTests : IAsyncLifetime
{
    private const string Alice = "user-alice";

    private PipelineSystem _system = null!;

    public async Task InitializeAsync() => _system = await PipelineSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task A_scan_is_in_flight_from_its_start_until_it_ends()
    {
        using var hold = _system.Sidecar.HoldActivities(AppIds.ImageUploader, Activities.Upload);
        var startedAt = _system.Clock.GetUtcNow();
        var first = await _system.SubmitAsync(Alice, TestPhotos.Jpeg(800, 600));
        _system.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = await _system.SubmitAsync(Alice, TestPhotos.Jpeg(640, 480));

        (await InFlightAsync()).Should().Equal(
            new InFlightScan(first, startedAt),
            new InFlightScan(second, startedAt.AddSeconds(5)));

        hold.Release();
        await _system.RunAsync(first, Alice);
        await _system.RunAsync(second, Alice);

        (await InFlightAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_failed_scan_leaves_the_list_too()
    {
        _system.OpenAi.Enqueue(TestSupport.OpenAi.FakeOpenAiResponse.BadRequest());
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("failed");
        (await InFlightAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_scan_that_ended_without_leaving_the_index_is_not_listed_and_is_taken_off()
    {
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        await _system.RunAsync(taskId, Alice);
        var index = _system.ScanPipelineHost.Services.GetRequiredService<InFlightScanIndex>();
        await index.AddAsync(taskId, _system.Clock.GetUtcNow(), CancellationToken.None); // as if FinishScan's removal was lost

        (await InFlightAsync()).Should().BeEmpty();
        (await index.ListAsync(CancellationToken.None)).Should().BeEmpty("the listing repaired the index");
    }

    [Fact]
    public async Task An_entry_older_than_its_ttl_is_dropped_and_every_shard_key_expires()
    {
        using var hold = _system.Sidecar.HoldActivities(AppIds.ImageUploader, Activities.Upload);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        var shards = _system.Dapr.StateKeys(DaprComponents.StateStore).Where(k => k.StartsWith("in-flight-scans-", StringComparison.Ordinal)).ToList();

        shards.Should().ContainSingle();
        _system.Dapr.TtlOf(DaprComponents.StateStore, shards[0]).Should().Be(TimeSpan.FromHours(24));
        _system.Clock.Advance(TimeSpan.FromHours(24));
        var index = _system.ScanPipelineHost.Services.GetRequiredService<InFlightScanIndex>();
        (await index.ListAsync(CancellationToken.None)).Should().NotContain(s => s.ScanId == taskId);
    }

    private async Task<List<InFlightScan>> InFlightAsync()
    {
        using var client = _system.Dapr.CreateInvokableHttpClient(AppIds.ScanPipeline);
        return (await client.GetFromJsonAsync<List<InFlightScan>>(InFlightScan.Path))!;
    }
}
