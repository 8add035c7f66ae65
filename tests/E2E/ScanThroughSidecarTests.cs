using System.Globalization;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;

namespace Growbin.E2E.Tests;

/// <summary>
/// The scan pipeline on real Dapr Workflow: waste-api → (service invocation) scan-pipeline → ScanWorkflow, whose
/// activities run in image-uploader, vision-analyzer, rule-retriever and response-generator through their own
/// sidecars, with placement and the scheduler of `dapr init`. The model is the fake OpenAI server every app of the run
/// is pointed at (<see cref="RunningSystem"/>); its call count is the paid-call count.
/// <para>
/// Every photo is new (a random seed): vision-analyzer's AI cache lives in Redis for 30 days, so a photo of an earlier
/// run would answer from it and cost nothing.
/// </para>
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class ScanThroughSidecarTests(RunningSystem system)
{
    [DaprdFact]
    public async Task A_scan_completes_through_the_sidecars_with_one_model_call()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await ScanPathReadyAsync(http);
        var token = await DevLogin.AccessTokenAsync(http, system);
        var calls = system.OpenAi.CallCount;

        var taskId = await SubmitAsync(http, token, NewPhoto());
        var scan = await FinishedAsync(http, token, taskId);

        Status(scan).Should().Be(ScanStatus.Completed, scan.ToString());
        ItemId(scan).Should().Be("milk-carton");
        FromCache(scan).Should().BeFalse();
        system.OpenAi.CallCount.Should().Be(calls + 1, "analyze makes the scan's one paid call");
    }

    /// <summary>
    /// Not a race: vision-analyzer's app process is down before the scan starts, so Dapr has no worker to hand
    /// <c>analyze</c> to. Its sidecar keeps running; the upload completes, the workflow waits at analyze (its turn retried
    /// every second by daprd), and when the app comes back with the environment the multi-app run gave it, the scan
    /// finishes with the one model call. The same photo again answers from the AI cache: no second call.
    /// <para>
    /// The app is down for a few seconds, under daprd's unhealthy threshold (dapr.yaml: probe every 5 s, 3 failures), so
    /// the AI budget actor it hosts normally stays registered. Should the sidecar have marked it unhealthy, it registers
    /// the actor again on its next successful probe (dapr/dapr pkg/runtime/runtime.go appHealthChanged → RegisterHosted),
    /// within analyze's retry window (2 s, then 4 s): a budget check that fails meanwhile is a transient failure, retried,
    /// and costs no model call.
    /// </para>
    /// </summary>
    [DaprdFact]
    public async Task Vision_analyzer_down_mid_scan_and_restarted_still_makes_one_model_call()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await ScanPathReadyAsync(http);
        var token = await DevLogin.AccessTokenAsync(http, system);
        var vision = system.Apps[AppIds.VisionAnalyzer];
        var pipeline = system.Apps[AppIds.ScanPipeline];
        var uploader = system.Apps[AppIds.ImageUploader];
        var photo = NewPhoto();
        var calls = system.OpenAi.CallCount;

        var killed = await system.KillAppAsync(AppIds.VisionAnalyzer);
        var restarted = false;
        try
        {
            // The dapr CLI gave the app its sidecar's ports, its own port, dapr.yaml's env and the run's OpenAI settings.
            killed.Environment.Should().Contain("DAPR_HTTP_PORT", vision.DaprHttpPort.ToString(CultureInfo.InvariantCulture))
                .And.Contain("DAPR_GRPC_PORT", vision.DaprGrpcPort.ToString(CultureInfo.InvariantCulture))
                .And.Contain("APP_PORT", vision.AppPort.ToString(CultureInfo.InvariantCulture))
                .And.Contain("ASPNETCORE_URLS", $"http://localhost:{vision.AppPort}")
                .And.Contain("OpenAI__Endpoint", system.OpenAi.Endpoint.ToString());
            killed.WorkingDirectory.Should().Be(vision.AppDirPath);

            var (disconnected, workers) = await Eventually.UntilAsync(
                ct => Sidecars.ConnectedWorkersAsync(http, vision.DaprHttpPort, ct), n => n == 0, TimeSpan.FromMinutes(1));
            disconnected.Should().BeTrue($"vision-analyzer's sidecar still counts {workers} workflow worker(s) after the app was killed");
            (await Sidecars.ConnectedWorkersAsync(http, uploader.DaprHttpPort)).Should().BeGreaterThan(0, "only vision-analyzer is down");

            var taskId = await SubmitAsync(http, token, photo);

            // image-uploader keeps its result under activity:{taskId}:upload before the activity returns (UploadActivity.StateKey).
            var (uploaded, _) = await Eventually.UntilAsync(
                ct => Sidecars.HasStateAsync(http, uploader.DaprHttpPort, "activity:" + Activities.IdempotencyKey(taskId, Activities.Upload), ct),
                stored => stored, Scans.Deadline);
            uploaded.Should().BeTrue("the upload runs while vision-analyzer is down");

            // Waiting at analyze: the custom status says so, or — since a turn that cannot dispatch its activity is not
            // saved, the status may still show the upload's attempt — scan-pipeline's sidecar counts ScanWorkflow turns
            // that failed to dispatch and are being retried.
            var turnsAtUpload = await Sidecars.RecoverableWorkflowTurnsAsync(http, pipeline.MetricsPort, ScanRequest.WorkflowName);
            var (waiting, seen) = await Eventually.UntilAsync(
                async ct => new Waiting(await StatusAsync(http, token, taskId, ct),
                    await Sidecars.RecoverableWorkflowTurnsAsync(http, pipeline.MetricsPort, ScanRequest.WorkflowName, ct)),
                w => Step(w.Scan) == Activities.Analyze || w.RecoverableTurns > turnsAtUpload, TimeSpan.FromMinutes(1));
            waiting.Should().BeTrue($"the scan waits at analyze (last seen: {seen?.Scan}, recoverable turns {seen?.RecoverableTurns} vs {turnsAtUpload})");
            Status(seen!.Scan).Should().Be(ScanStatus.Running, seen.Scan.ToString());
            Step(seen.Scan).Should().BeOneOf(Activities.Upload, Activities.Analyze);
            system.OpenAi.CallCount.Should().Be(calls, "nothing can call the model while vision-analyzer is down");

            restarted = true;
            await system.StartAppAsync(killed);
            var (reconnected, _) = await Eventually.UntilAsync(
                ct => Sidecars.ConnectedWorkersAsync(http, vision.DaprHttpPort, ct), n => n > 0, Eventually.StartupDeadline);
            reconnected.Should().BeTrue("the restarted vision-analyzer connects its workflow worker to the sidecar that kept running");

            var scan = await FinishedAsync(http, token, taskId);
            Status(scan).Should().Be(ScanStatus.Completed, scan.ToString());
            ItemId(scan).Should().Be("milk-carton");
            system.OpenAi.CallCount.Should().Be(calls + 1, "analyze ran once, after the restart");

            var again = await FinishedAsync(http, token, await SubmitAsync(http, token, photo));
            Status(again).Should().Be(ScanStatus.Completed, again.ToString());
            FromCache(again).Should().BeTrue("the same photo answers from the AI cache");
            system.OpenAi.CallCount.Should().Be(calls + 1, "the AI cache was written before the first analyze returned");
        }
        finally
        {
            if (!restarted)
            {
                await system.StartAppAsync(killed); // the other tests need it
            }
        }
    }

    private sealed record Waiting(JsonElement Scan, double RecoverableTurns);

    private static byte[] NewPhoto() => Scans.NewPhoto();

    private Task ScanPathReadyAsync(HttpClient http) => Scans.ReadyAsync(http, system);

    private Task<string> SubmitAsync(HttpClient http, string token, byte[] photo) => Scans.SubmitAsync(http, system, token, photo);

    private Task<JsonElement> StatusAsync(HttpClient http, string token, string taskId, CancellationToken cancellationToken) =>
        Scans.StatusAsync(http, system, token, taskId, cancellationToken);

    private Task<JsonElement> FinishedAsync(HttpClient http, string token, string taskId) => Scans.FinishedAsync(http, system, token, taskId);

    private static string? Status(JsonElement scan) => Scans.Status(scan);

    private static string? Step(JsonElement scan) => Scans.Step(scan);

    private static string? ItemId(JsonElement scan) => Scans.ItemId(scan);

    private static bool FromCache(JsonElement scan) => Scans.FromCache(scan);
}
