using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.State;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Images;
using Grpc.Core;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// A new in-flight shard key, created by the other replica between this replica's read and its write. The shard is
/// created through StateCreate, so against Redis the loser sees an ETag mismatch and reads again, instead of an
/// Internal error that resiliency retries and the start endpoint then fails on.
/// </summary>
public sealed class InFlightIndexRaceTests : IAsyncLifetime
{
    private const string Alice = "user-alice";
    private const string ShardPrefix = "in-flight-scans-";

    private PipelineSystem _system = null!;

    public async Task InitializeAsync() => _system = await PipelineSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task A_scan_whose_new_shard_another_replica_created_first_joins_the_others_entry()
    {
        using var hold = _system.Sidecar.HoldActivities(AppIds.ImageUploader, Activities.Upload);
        var rivalStart = _system.Clock.GetUtcNow().AddSeconds(-30);
        string? shard = null;
        _system.Dapr.BeforeNextSave(DaprComponents.StateStore, k => k.StartsWith(ShardPrefix, StringComparison.Ordinal), key =>
        {
            shard = key;
            _system.Dapr.TryCreateStateAsync(DaprComponents.StateStore, key, new Dictionary<string, DateTimeOffset> { ["rival-scan"] = rivalStart })
                .GetAwaiter().GetResult().Should().BeTrue();
        });

        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        shard.Should().NotBeNull();
        JsonSerializer.Deserialize<Dictionary<string, DateTimeOffset>>(_system.Dapr.GetStoredJson(DaprComponents.StateStore, shard!)!)
            .Should().BeEquivalentTo(new Dictionary<string, DateTimeOffset> { ["rival-scan"] = rivalStart, [taskId] = _system.Clock.GetUtcNow() });
        // The listing cross-checks the workflows, and the rival's scan has none here: ours is what it shows.
        (await InFlightAsync()).Should().Equal(new InFlightScan(taskId, _system.Clock.GetUtcNow()));
        _system.Dapr.StateFailures.Should().ContainSingle()
            .Which.Should().Match<StateFailure>(f => f.Key == shard && f.Code == StatusCode.Aborted);
    }

    private async Task<List<InFlightScan>> InFlightAsync()
    {
        using var client = _system.Dapr.CreateInvokableHttpClient(AppIds.ScanPipeline);
        return (await client.GetFromJsonAsync<List<InFlightScan>>(InFlightScan.Path))!;
    }
}
