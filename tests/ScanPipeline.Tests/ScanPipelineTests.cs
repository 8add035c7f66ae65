extern alias ScanPipeline;
using System.Net;
using System.Net.Http.Json;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Images;
using Growbin.TestSupport.OpenAi;
using ScanPipeline::Growbin.ScanPipeline;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// The pipeline contract (ARCHITECTURE §3) by fault injection, end to end through waste-api, with the real
/// Dapr.Workflow SDK in every app. The number that matters in every test is how many times the model was called.
/// </summary>
public sealed class ScanPipelineTests : IAsyncLifetime
{
    private const string Alice = "user-alice";
    private const string Bob = "user-bob";

    private static readonly (string App, string Activity)[] Steps =
    [
        (AppIds.ImageUploader, Activities.Upload),
        (AppIds.VisionAnalyzer, Activities.Analyze),
        (AppIds.RuleRetriever, Activities.Rules),
        (AppIds.ResponseGenerator, Activities.Respond),
    ];

    private PipelineSystem _system = null!;

    public async Task InitializeAsync() => _system = await PipelineSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Happy_path_answers_with_one_model_call()
    {
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg(1600, 1200));

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        var result = scan.GetProperty("result");
        result.GetProperty("answer").GetProperty("itemId").GetString().Should().Be("milk-carton");
        result.GetProperty("answer").GetProperty("summary").GetString().Should().Contain("우유팩");
        result.GetProperty("analysisFromCache").GetBoolean().Should().BeFalse();
        _system.OpenAi.CallCount.Should().Be(1);
        StepsRanOnce(_system);

        var completed = _system.Dapr.Published<ScanCompleted>(Topics.ScanCompleted).Should().ContainSingle().Subject;
        completed.ScanId.Should().Be(taskId);
        completed.UserId.Should().Be(Alice);
        completed.ItemId.Should().Be("milk-carton");
        _system.Images.Objects.Keys.Should().ContainSingle(k => k.StartsWith("images/", StringComparison.Ordinal), "the raw upload is gone, the cleaned image stays");
    }

    [Fact]
    public async Task Rules_failing_twice_then_succeeding_costs_one_model_call_after_the_policys_delays()
    {
        _system.Sidecar.FailNextActivities(AppIds.RuleRetriever, Activities.Rules, times: 2);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        _system.OpenAi.CallCount.Should().Be(1);
        _system.ActivityCalls(AppIds.VisionAnalyzer, Activities.Analyze).Should().Be(1);
        _system.ActivityCalls(AppIds.RuleRetriever, Activities.Rules).Should().Be(3);
        _system.Sidecar.TimersOf(taskId).Select(t => t.FireAt - t.CreatedAt).Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Respond_failing_until_its_attempts_run_out_fails_the_scan_after_one_model_call()
    {
        _system.Sidecar.FailNextActivities(AppIds.ResponseGenerator, Activities.Respond, times: 100);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("failed");
        scan.GetProperty("step").GetString().Should().Be(Activities.Respond);
        scan.GetProperty("attempts").GetInt32().Should().Be(5);
        scan.GetProperty("error").GetProperty("step").GetString().Should().Be(Activities.Respond);
        scan.GetProperty("error").GetProperty("type").GetString().Should().EndWith("dependency-unavailable");
        _system.ActivityCalls(AppIds.ResponseGenerator, Activities.Respond).Should().Be(5, "respond's policy allows 5 attempts");
        _system.OpenAi.CallCount.Should().Be(1);
        _system.Dapr.PublishedEvents.Should().BeEmpty("a failed scan publishes nothing: no app subscribes to failures");
    }

    [Fact]
    public async Task Vision_analyzer_dying_after_the_model_answered_and_before_the_activity_completed_costs_one_call_in_total()
    {
        _system.Sidecar.LoseNextActivityCompletion(AppIds.VisionAnalyzer, Activities.Analyze);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        await _system.Sidecar.WaitForIdleAsync();
        _system.OpenAi.CallCount.Should().Be(1, "the model answered before the worker died");

        await _system.RestartAppAsync(AppIds.VisionAnalyzer);
        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        _system.ActivityCalls(AppIds.VisionAnalyzer, Activities.Analyze).Should().Be(2, "Dapr ran the step in flight again");
        _system.OpenAi.CallCount.Should().Be(1, "the second run was answered from the AI cache written before the first returned");
        scan.GetProperty("result").GetProperty("analysisFromCache").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Scan_pipeline_restarting_between_steps_replays_its_history_and_runs_no_step_twice()
    {
        _system.Sidecar.FailNextActivities(AppIds.RuleRetriever, Activities.Rules, times: 1);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        await _system.Sidecar.WaitForIdleAsync(); // upload and analyze done; rules waits on its retry timer

        await _system.RestartAppAsync(AppIds.ScanPipeline);
        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        _system.ActivityCalls(AppIds.ImageUploader, Activities.Upload).Should().Be(1);
        _system.ActivityCalls(AppIds.VisionAnalyzer, Activities.Analyze).Should().Be(1);
        _system.ActivityCalls(AppIds.RuleRetriever, Activities.Rules).Should().Be(2);
        _system.ActivityCalls(AppIds.ResponseGenerator, Activities.Respond).Should().Be(1);
        _system.OpenAi.CallCount.Should().Be(1);
        _system.Dapr.Published<ScanCompleted>(Topics.ScanCompleted).Should().ContainSingle();
    }

    [Fact]
    public async Task A_redelivered_activity_and_a_duplicate_completion_change_nothing()
    {
        _system.Sidecar.RedeliverNextActivity(AppIds.ImageUploader, Activities.Upload);
        _system.Sidecar.DuplicateNextActivityCompletion(AppIds.VisionAnalyzer, Activities.Analyze);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        _system.ActivityCalls(AppIds.ImageUploader, Activities.Upload).Should().Be(2);
        _system.Images.Objects.Keys.Count(k => k.StartsWith("images/", StringComparison.Ordinal)).Should().Be(1);
        _system.OpenAi.CallCount.Should().Be(1);
        _system.Sidecar.IgnoredCompletions.Should().NotBeEmpty("the duplicate completion is dropped, as daprd drops it");
    }

    [Fact]
    public async Task The_same_photo_from_another_user_costs_no_model_call()
    {
        var photo = TestPhotos.Jpeg(seed: 7);
        var first = await _system.SubmitAsync(Alice, photo);
        await _system.RunAsync(first, Alice);

        var second = await _system.SubmitAsync(Bob, photo);
        var scan = await _system.RunAsync(second, Bob);

        scan.GetProperty("status").GetString().Should().Be("completed");
        scan.GetProperty("result").GetProperty("analysisFromCache").GetBoolean().Should().BeTrue();
        _system.OpenAi.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task A_different_photo_is_a_new_call()
    {
        await _system.RunAsync(await _system.SubmitAsync(Alice, TestPhotos.Jpeg(seed: 1)), Alice);
        await _system.RunAsync(await _system.SubmitAsync(Alice, TestPhotos.Jpeg(seed: 2)), Alice);

        _system.OpenAi.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task Two_rate_limits_then_an_answer_is_three_calls_and_a_completed_scan()
    {
        _system.OpenAi.Enqueue(FakeOpenAiResponse.RateLimited(), FakeOpenAiResponse.RateLimited(), FakeOpenAiResponse.Json(VisionAnswers.MilkCarton));
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        _system.OpenAi.CallCount.Should().Be(3, "each workflow attempt is one call: the SDK does not retry on its own");
        _system.ActivityCalls(AppIds.VisionAnalyzer, Activities.Analyze).Should().Be(3);
        _system.Sidecar.TimersOf(taskId).Select(t => t.FireAt - t.CreatedAt).Should().Equal(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_model_400_fails_the_scan_at_once_with_one_call()
    {
        _system.OpenAi.Enqueue(FakeOpenAiResponse.BadRequest());
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("failed");
        scan.GetProperty("error").GetProperty("type").GetString().Should().EndWith(ActivityFailures.AiRejected);
        _system.OpenAi.CallCount.Should().Be(1);
        _system.ActivityCalls(AppIds.VisionAnalyzer, Activities.Analyze).Should().Be(1);
        _system.ActivityCalls(AppIds.RuleRetriever, Activities.Rules).Should().Be(0);
        _system.Sidecar.TimersOf(taskId).Should().BeEmpty("a refusal spends no retry");
    }

    [Fact]
    public async Task An_exhausted_budget_fails_the_scan_with_the_reason_and_no_call()
    {
        await using var system = await PipelineSystem.StartAsync(dailyAiCalls: 0);
        var taskId = await system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("failed");
        scan.GetProperty("error").GetProperty("type").GetString().Should().EndWith(ActivityFailures.AiBudgetExhausted);
        system.OpenAi.CallCount.Should().Be(0);
        system.ActivityCalls(AppIds.VisionAnalyzer, Activities.Analyze).Should().Be(1, "a refusal is final, not retried");
        system.Dapr.PublishedEvents.Should().BeEmpty("a failed scan publishes nothing");
    }

    [Fact]
    public async Task The_same_start_twice_is_one_workflow()
    {
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        var request = new ScanRequest(taskId, Alice, $"raw/{taskId}", null, DateTimeOffset.UtcNow);
        using var pipeline = _system.ScanPipelineHost.CreateClient();

        var again = await pipeline.PostAsJsonAsync(ScanWorkflowApi.PathOf(taskId), request);
        await _system.RunAsync(taskId, Alice);
        var afterwards = await pipeline.PostAsJsonAsync(ScanWorkflowApi.PathOf(taskId), request);

        again.StatusCode.Should().Be(HttpStatusCode.OK);
        afterwards.StatusCode.Should().Be(HttpStatusCode.OK);
        _system.Sidecar.Instances.Should().ContainSingle(i => i.InstanceId == taskId);
        StepsRanOnce(_system);
        _system.OpenAi.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task A_throwing_metrics_sink_causes_no_retry_and_no_extra_call()
    {
        await using var system = await PipelineSystem.StartAsync(metrics: new BrokenMetrics());
        var taskId = await system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        system.OpenAi.CallCount.Should().Be(1);
        StepsRanOnce(system);
        system.ActivityCalls(AppIds.ScanPipeline, nameof(FinishScan)).Should().Be(1);
    }

    [Fact]
    public async Task A_photo_that_only_decoding_can_refuse_fails_the_scan_at_upload_without_a_call()
    {
        // Signature, header and IEND are intact, so waste-api's check passes it; a byte flipped inside the compressed
        // pixels breaks the chunk's CRC, which only a decoder sees.
        var png = TestPhotos.Png(320, 240);
        png[png.Length / 2] ^= 0xFF;
        var taskId = await _system.SubmitAsync(Alice, png);

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("failed");
        scan.GetProperty("error").GetProperty("step").GetString().Should().Be(Activities.Upload);
        scan.GetProperty("error").GetProperty("type").GetString().Should().EndWith(ActivityFailures.NotAnImage);
        _system.ActivityCalls(AppIds.ImageUploader, Activities.Upload).Should().Be(1);
        _system.OpenAi.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task Step_inputs_and_outputs_are_small_records_and_the_image_travels_as_a_key()
    {
        var photo = TestPhotos.Jpeg(1600, 1200);
        var taskId = await _system.SubmitAsync(Alice, photo);
        await _system.RunAsync(taskId, Alice);

        var events = _system.Sidecar.HistoryOf(taskId).Select(e => e.ToString()).ToList();

        events.Should().OnlyContain(e => e.Length < photo.Length / 4, "no image bytes travel through the workflow");
        string.Join("\n", events).Should().Contain($"raw/{taskId}").And.Contain("images/");
    }

    [Fact]
    public async Task A_finished_scan_stays_readable_after_dapr_purges_its_workflow()
    {
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        await _system.RunAsync(taskId, Alice);

        (await _system.Workflows.PurgeInstanceAsync(taskId)).Should().BeTrue();
        var scan = await _system.StatusAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        scan.GetProperty("result").GetProperty("answer").GetProperty("itemId").GetString().Should().Be("milk-carton");
        _system.Dapr.TtlOf(DaprComponents.StateStore, ScanOutcomes.KeyOf(taskId)).Should().Be(TimeSpan.FromDays(7));
    }

    private static void StepsRanOnce(PipelineSystem system)
    {
        foreach (var (app, activity) in Steps)
        {
            system.ActivityCalls(app, activity).Should().Be(1, activity);
        }
    }

    private sealed class BrokenMetrics : IScanMetrics
    {
        public void ScanFinished(ScanOutcome outcome) => throw new InvalidOperationException("metrics backend down");
    }
}
