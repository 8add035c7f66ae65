using System.Net.Http.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Images;

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
        var startedAt = _system.Clock.GetUtcNow();
        var first = await _system.SubmitAsync(Alice, TestPhotos.Jpeg(800, 600));
        _system.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = await _system.SubmitAsync(Alice, TestPhotos.Jpeg(640, 480));

        (await InFlightAsync()).Should().Equal(
            new InFlightScan(first, startedAt),
            new InFlightScan(second, startedAt.AddSeconds(5)));

        await _system.RunAsync(first, Alice);
        await _system.RunAsync(second, Alice);

        (await InFlightAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_failed_scan_leaves_the_list_too()
    {
        _system.Workers[AppIds.ResponseGenerator].Fail(Activities.Respond, System.Net.HttpStatusCode.BadRequest, times: 1);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        (await InFlightAsync()).Select(s => s.ScanId).Should().Equal(taskId);
        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("failed");
        (await InFlightAsync()).Should().BeEmpty();
    }

    private async Task<List<InFlightScan>> InFlightAsync()
    {
        using var client = _system.Dapr.CreateInvokableHttpClient(AppIds.ScanPipeline);
        return (await client.GetFromJsonAsync<List<InFlightScan>>(InFlightScan.Path))!;
    }
}
