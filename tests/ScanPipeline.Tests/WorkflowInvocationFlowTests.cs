using System.Net;
using System.Net.Http.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Images;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// waste-api reaches the scan workflow only by service invocation to scan-pipeline (in Kubernetes they are in different
/// namespaces, and Dapr's workflow client talks only to the hosting app's sidecar); in <see cref="PipelineSystem"/>
/// waste-api has no workflow client at all.
/// </summary>
public sealed class WorkflowInvocationFlowTests : IAsyncLifetime
{
    private const string Alice = "user-alice";

    private PipelineSystem _system = null!;

    public async Task InitializeAsync() => _system = await PipelineSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task While_scan_pipeline_is_unreachable_an_upload_is_503_and_the_same_key_later_starts_one_scan()
    {
        var photo = TestPhotos.Jpeg();
        using var upload = _system.Sidecar.HoldActivities(AppIds.ImageUploader, Activities.Upload);
        using (var down = new HttpClient(new Unreachable()) { BaseAddress = new Uri("http://localhost") })
        {
            _system.Dapr.RegisterApp(AppIds.ScanPipeline, down);
            var refused = await _system.PostAsync(Alice, photo, idempotencyKey: "flaky-1");
            refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync());
        }

        _system.Dapr.RegisterApp(AppIds.ScanPipeline, _system.ScanPipelineHost.CreateClient());
        var taskId = await _system.SubmitAsync(Alice, photo, idempotencyKey: "flaky-1");
        var again = await _system.SubmitAsync(Alice, photo, idempotencyKey: "flaky-1");

        again.Should().Be(taskId);
        _system.Images.Objects.Keys.Where(k => k.StartsWith("raw/", StringComparison.Ordinal)).Should().Equal($"raw/{taskId}");
        upload.Release();
        (await _system.RunAsync(taskId, Alice)).GetProperty("status").GetString().Should().Be("completed");
        _system.Sidecar.Instances.Should().ContainSingle();
    }

    [Fact]
    public async Task Scan_pipeline_answers_a_started_scan_on_its_state_endpoint_and_404_for_an_unknown_one()
    {
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        await _system.RunAsync(taskId, Alice);
        using var pipeline = _system.ScanPipelineHost.CreateClient();

        var known = await pipeline.GetFromJsonAsync<ScanState>(ScanWorkflowApi.PathOf(taskId));
        var unknown = await pipeline.GetAsync(ScanWorkflowApi.PathOf("0123456789abcdef0123456789abcdef"));

        known!.Should().BeEquivalentTo(new { TaskId = taskId, UserId = Alice, Status = ScanStatus.Completed, Step = Activities.Respond, Attempts = 1 });
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain(ScanWorkflowApi.ScanNotFoundType);
    }

    [Fact]
    public async Task A_start_whose_body_names_another_task_is_refused_and_starts_nothing()
    {
        using var pipeline = _system.ScanPipelineHost.CreateClient();

        var response = await pipeline.PostAsJsonAsync(ScanWorkflowApi.PathOf("task-a"),
            new ScanRequest("task-b", Alice, "raw/task-b", null, DateTimeOffset.UtcNow));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _system.Sidecar.Instances.Should().BeEmpty();
    }

    private sealed class Unreachable : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused (scan-pipeline:80)");
    }
}
