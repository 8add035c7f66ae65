using System.Net;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Images;
using Growbin.Workflows;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// waste-api reaches scan-pipeline's workflows only by service invocation (in Kubernetes they are in different
/// namespaces and Dapr places actors per namespace); in <see cref="PipelineSystem"/> waste-api has no actor runtime.
/// </summary>
public sealed class WorkflowInvocationFlowTests : IAsyncLifetime
{
    private const string Alice = "user-alice";

    private PipelineSystem _system = null!;

    public async Task InitializeAsync() => _system = await PipelineSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task A_scan_started_through_scan_pipelines_endpoints_runs_to_its_answer()
    {
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        (await _system.Workflows.GetWorkflowStateAsync(taskId)).ReadInputAs<ScanRequest>()!.UserId.Should().Be(Alice);
    }

    [Fact]
    public async Task While_scan_pipeline_is_unreachable_an_upload_is_503_and_the_same_key_later_starts_one_scan()
    {
        var photo = TestPhotos.Jpeg();
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
        (await _system.RunAsync(taskId, Alice)).GetProperty("status").GetString().Should().Be("completed");
    }

    [Fact]
    public async Task Scan_pipeline_answers_a_started_scan_on_its_state_endpoint_and_404_for_an_unknown_one()
    {
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        using var pipeline = _system.ScanPipelineHost.CreateClient();

        var known = await pipeline.GetAsync(WorkflowEndpoints.PathOf(taskId));
        var unknown = await pipeline.GetAsync(WorkflowEndpoints.PathOf("0123456789abcdef0123456789abcdef"));

        known.StatusCode.Should().Be(HttpStatusCode.OK);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private sealed class Unreachable : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused (scan-pipeline:80)");
    }
}
