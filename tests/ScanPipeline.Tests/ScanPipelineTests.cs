extern alias ScanPipeline;
using System.Net;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Images;
using Growbin.TestSupport.OpenAi;
using Growbin.Workflows;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// The pipeline contract (ARCHITECTURE §3) by fault injection, end to end through waste-api. The number that matters
/// in every test is how many times the model was called.
/// </summary>
public sealed class ScanPipelineTests : IAsyncLifetime
{
    private const string Alice = "user-alice";
    private const string Bob = "user-bob";

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
        foreach (var (app, activity) in Steps)
        {
            _system.ActivityCalls(app, activity).Should().Be(1, activity);
        }

        var completed = _system.Dapr.Published<ScanCompleted>(Topics.ScanCompleted).Should().ContainSingle().Subject;
        completed.ScanId.Should().Be(taskId);
        completed.UserId.Should().Be(Alice);
        completed.ItemId.Should().Be("milk-carton");
        _system.Images.Objects.Keys.Should().ContainSingle(k => k.StartsWith("images/", StringComparison.Ordinal), "the raw upload is gone, the cleaned image stays");
    }

    [Fact]
    public async Task Rules_failing_twice_then_succeeding_costs_one_model_call()
    {
        _system.Workers[AppIds.RuleRetriever].Fail(Activities.Rules, HttpStatusCode.InternalServerError, times: 2);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        _system.OpenAi.CallCount.Should().Be(1);
        _system.ActivityCalls(AppIds.VisionAnalyzer, Activities.Analyze).Should().Be(1);
        _system.ActivityCalls(AppIds.RuleRetriever, Activities.Rules).Should().Be(3);
    }

    [Fact]
    public async Task Respond_failing_until_its_attempts_run_out_fails_the_scan_after_one_model_call()
    {
        _system.Workers[AppIds.ResponseGenerator].Fail(Activities.Respond, HttpStatusCode.ServiceUnavailable, times: 100);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("failed");
        scan.GetProperty("error").GetProperty("step").GetString().Should().Be(Activities.Respond);
        _system.ActivityCalls(AppIds.ResponseGenerator, Activities.Respond).Should().Be(5, "respond's policy allows 5 attempts");
        _system.OpenAi.CallCount.Should().Be(1);
        _system.Dapr.Published<ScanFailed>(Topics.ScanFailed).Should().ContainSingle().Which.Step.Should().Be(Activities.Respond);
        _system.Dapr.Published<ScanCompleted>(Topics.ScanCompleted).Should().BeEmpty();
    }

    [Fact]
    public async Task A_crash_after_the_model_answered_and_before_the_checkpoint_costs_no_second_call()
    {
        _system.Workers[AppIds.VisionAnalyzer].CrashAfter(Activities.Analyze);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        await _system.Actors.FireDueRemindersAsync(); // upload
        var crash = () => _system.Actors.FireDueRemindersAsync(); // analyze answers, then the host dies
        await crash.Should().ThrowAsync<SimulatedCrashException>();
        _system.Actors.Crash(WorkflowActor.TypeName, taskId);

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        _system.ActivityCalls(AppIds.VisionAnalyzer, Activities.Analyze).Should().Be(2, "the step in flight ran again");
        _system.OpenAi.CallCount.Should().Be(1, "the second run was answered from the AI cache written before the first answered");
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
        _system.OpenAi.Enqueue(FakeOpenAiResponse.RateLimited(), FakeOpenAiResponse.RateLimited(), FakeOpenAiResponse.Json(PipelineSystem.MilkCarton));
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        _system.OpenAi.CallCount.Should().Be(3, "each pipeline attempt is one call: the SDK does not retry on its own");
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
    }

    [Fact]
    public async Task A_reminder_firing_twice_runs_no_step_twice()
    {
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        var actor = new Dapr.Actors.ActorId(taskId);
        while (_system.Actors.Timers.FindReminder(actor, WorkflowActor.AdvanceReminder) is not null)
        {
            // Each wake-up is delivered twice, the second time right after the first finished its step.
            await _system.Actors.FireAsync(WorkflowActor.TypeName, taskId, WorkflowActor.AdvanceReminder);
            if (_system.Actors.Timers.FindReminder(actor, WorkflowActor.AdvanceReminder) is not null)
            {
                await _system.Actors.FireAsync(WorkflowActor.TypeName, taskId, WorkflowActor.AdvanceReminder);
            }
        }

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        foreach (var (app, activity) in Steps)
        {
            _system.ActivityCalls(app, activity).Should().Be(1, activity);
        }

        _system.OpenAi.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task A_redelivered_activity_invocation_gets_the_stored_result()
    {
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        await _system.RunAsync(taskId, Alice);
        var history = (await _system.Workflows.GetWorkflowStateAsync(taskId)).CompletedActivities;
        var invoke = _system.Dapr.CreateInvokableHttpClient(AppIds.ImageUploader);
        var firstUpload = history.Single(h => h.Name == Activities.Upload).Output!.Value;

        // The sidecar delivers the same upload again (say its answer was lost): the raw object is gone by now.
        var again = new HttpRequestMessage(HttpMethod.Post, Activities.Route(Activities.Upload))
        {
            Content = JsonContent(new UploadRequest(taskId, $"raw/{taskId}")),
        };
        again.Headers.Add(Activities.IdempotencyKeyHeader, Activities.IdempotencyKey(taskId, Activities.Upload));
        var response = await invoke.SendAsync(again);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("imageKey").GetString()
            .Should().Be(firstUpload.GetProperty("imageKey").GetString());
        _system.OpenAi.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task A_failing_metrics_observer_causes_no_retry_and_no_extra_call()
    {
        await using var system = await PipelineSystem.StartAsync(observer: new BrokenMetrics());
        var taskId = await system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("completed");
        system.OpenAi.CallCount.Should().Be(1);
        foreach (var (app, activity) in Steps)
        {
            system.ActivityCalls(app, activity).Should().Be(1, activity);
        }
    }

    [Fact]
    public async Task A_photo_that_only_decoding_can_refuse_fails_the_scan_at_upload_without_a_call()
    {
        _system.Workers[AppIds.ImageUploader].Fail(Activities.Upload, HttpStatusCode.UnprocessableEntity, times: 1);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());

        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("failed");
        scan.GetProperty("error").GetProperty("step").GetString().Should().Be(Activities.Upload);
        _system.ActivityCalls(AppIds.ImageUploader, Activities.Upload).Should().Be(1);
        _system.OpenAi.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task Step_inputs_and_outputs_are_small_records_and_the_image_travels_as_a_key()
    {
        var photo = TestPhotos.Jpeg(1600, 1200);
        var taskId = await _system.SubmitAsync(Alice, photo);
        await _system.RunAsync(taskId, Alice);

        var saved = _system.Actors.StateOf(WorkflowActor.TypeName, taskId).GetSavedJson("instance")!;

        saved.Length.Should().BeLessThan(photo.Length / 4, "no image bytes are kept in workflow state");
        saved.Should().Contain($"raw/{taskId}").And.Contain("images/");
    }

    [Fact]
    public void The_default_retry_policies_are_the_architectures()
    {
        var defaults = new ScanPipeline::Growbin.ScanPipeline.ScanPipelineOptions();

        Describe(defaults.Upload).Should().Be("3/1s/x2/10s");
        Describe(defaults.Analyze).Should().Be("3/2s/x2/30s");
        Describe(defaults.Rules).Should().Be("5/1s/x2/30s");
        Describe(defaults.Respond).Should().Be("5/1s/x2/30s");

        static string Describe(ScanPipeline::Growbin.ScanPipeline.ScanPipelineOptions.RetrySettings r) =>
            $"{r.MaxAttempts}/{r.FirstInterval.TotalSeconds}s/x{r.BackoffCoefficient}/{r.MaxInterval.TotalSeconds}s";
    }

    private static readonly (string App, string Activity)[] Steps =
    [
        (AppIds.ImageUploader, Activities.Upload),
        (AppIds.VisionAnalyzer, Activities.Analyze),
        (AppIds.RuleRetriever, Activities.Rules),
        (AppIds.ResponseGenerator, Activities.Respond),
    ];

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value, WorkflowJson.Options), System.Text.Encoding.UTF8, "application/json");

    private sealed class BrokenMetrics : IWorkflowObserver
    {
        public void ActivityAttempted(string workflow, PendingActivity activity, ActivityOutcome outcome) => throw new InvalidOperationException("metrics backend down");

        public void WorkflowFinished(string workflow, string instanceId, WorkflowInstance instance) => throw new InvalidOperationException("metrics backend down");
    }
}
