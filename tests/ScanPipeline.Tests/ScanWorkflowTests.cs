extern alias ScanPipeline;
using Dapr.Workflow;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using ScanPipeline::Growbin.ScanPipeline;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// ScanWorkflow's own logic with a mocked <see cref="WorkflowContext"/>, as Dapr's examples/Workflow/WorkflowUnitTest
/// do: which activity is called where, with what, how often, and what the scan ends as. The retries run through
/// Dapr's RetryInterceptor, so its durable timers show up as CreateTimer calls with the policy's delays.
/// </summary>
public sealed class ScanWorkflowTests
{
    private static readonly ScanRequest Request = new("task-1", "user-alice", "raw/task-1", "이거 어떻게 버려요?", new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private static readonly UploadedImage Image = new("images/abc.jpg", new string('a', 64), 1000, 750, 90_000);
    private static readonly Classification Milk = new("paper-pack", "milk-carton", "우유팩", ["paper"], [], 0.93);
    private static readonly Analysis Analysis = new(Milk, "gpt-4.1", "v1", FromCache: false, 120, 30);
    private static readonly RuleCategory PaperPack = new("paper-pack", "종이팩", "Paper pack", "종이팩 전용 수거함");
    private static readonly DisposalRule Rule = new(RuleMatch.Item, false, new RuleItem("milk-carton", "우유팩", "Milk carton"), PaperPack,
        ["헹궈요"], [], null, [], null, false, ["src"], [], "2026.11.2");
    private static readonly ScanAnswer Answer = new(false, "우유팩은 종이팩 전용 수거함에 버려요.", "…", "milk-carton", "우유팩", PaperPack,
        ["헹궈요"], [], null, false, null, []);

    private readonly Mock<WorkflowContext> _context = new();
    private readonly List<ScanProgress> _statuses = [];
    private readonly List<TimeSpan> _timers = [];
    private readonly List<ScanOutcome> _finished = [];

    public ScanWorkflowTests()
    {
        _context.Setup(c => c.InstanceId).Returns(Request.TaskId);
        _context.Setup(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 12, 3, 9, 0, 1, DateTimeKind.Utc));
        _context.Setup(c => c.CreateReplaySafeLogger<ScanWorkflow>()).Returns(NullLogger<ScanWorkflow>.Instance);
        _context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(s => _statuses.Add((ScanProgress)s!));
        _context.Setup(c => c.CreateTimer(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback<TimeSpan, CancellationToken>((delay, _) => _timers.Add(delay))
            .Returns(Task.CompletedTask);
        _context.Setup(c => c.CallActivityAsync<bool>(nameof(FinishScan), It.IsAny<ScanOutcome>(), It.IsAny<WorkflowTaskOptions?>()))
            .Callback<string, object?, WorkflowTaskOptions?>((_, input, _) => _finished.Add((ScanOutcome)input!))
            .ReturnsAsync(true);
        Step(Activities.Upload, AppIds.ImageUploader, StepResult<UploadedImage>.Ok(Image));
        Step(Activities.Analyze, AppIds.VisionAnalyzer, StepResult<Analysis>.Ok(Analysis));
        Step(Activities.Rules, AppIds.RuleRetriever, StepResult<DisposalRule>.Ok(Rule));
        Step(Activities.Respond, AppIds.ResponseGenerator, StepResult<ScanAnswer>.Ok(Answer));
    }

    [Fact]
    public async Task Each_step_runs_once_on_its_worker_app_in_order_and_the_outcome_is_finished_as_completed()
    {
        var result = await new ScanWorkflow().RunAsync(_context.Object, Request);

        result.Should().Be(new ScanResult(Image.ImageKey, Milk, false, Answer));
        _context.Verify(c => c.CallActivityAsync<StepResult<UploadedImage>>(Activities.Upload, new UploadRequest(Request.TaskId, Request.RawKey),
            It.Is<WorkflowTaskOptions>(o => o.TargetAppId == AppIds.ImageUploader && o.RetryPolicy == null)), Times.Once());
        _context.Verify(c => c.CallActivityAsync<StepResult<Analysis>>(Activities.Analyze,
            new AnalyzeRequest(Request.TaskId, Image.ImageKey, Image.Sha256, Request.Question), It.IsAny<WorkflowTaskOptions>()), Times.Once());
        _context.Verify(c => c.CallActivityAsync<StepResult<DisposalRule>>(Activities.Rules, new RulesRequest(Milk, null, null), It.IsAny<WorkflowTaskOptions>()), Times.Once());
        _context.Verify(c => c.CallActivityAsync<StepResult<ScanAnswer>>(Activities.Respond,
            new RespondRequest(Request.TaskId, Milk, Rule, Request.Question), It.IsAny<WorkflowTaskOptions>()), Times.Once());
        _statuses.Should().Equal(
            new ScanProgress(Activities.Upload, 1), new ScanProgress(Activities.Analyze, 1),
            new ScanProgress(Activities.Rules, 1), new ScanProgress(Activities.Respond, 1));
        _timers.Should().BeEmpty();
        var finished = _finished.Should().ContainSingle().Subject;
        finished.State.Status.Should().Be(ScanStatus.Completed);
        finished.State.Result.Should().Be(result);
        finished.Attempts.Should().HaveCount(4).And.OnlyContain(a => a.Outcome == "succeeded");
    }

    [Fact]
    public async Task Rules_failing_twice_is_retried_after_the_policys_delays_and_analyze_is_not_called_again()
    {
        var calls = 0;
        _context.Setup(c => c.CallActivityAsync<StepResult<DisposalRule>>(Activities.Rules, It.IsAny<object?>(), It.IsAny<WorkflowTaskOptions?>()))
            .Returns(() => ++calls <= 2 ? Task.FromException<StepResult<DisposalRule>>(Transient("rules")) : Task.FromResult(StepResult<DisposalRule>.Ok(Rule)));

        await new ScanWorkflow().RunAsync(_context.Object, Request);

        calls.Should().Be(3);
        _timers.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        _context.Verify(c => c.CallActivityAsync<StepResult<Analysis>>(Activities.Analyze, It.IsAny<object?>(), It.IsAny<WorkflowTaskOptions?>()), Times.Once());
        _statuses.Where(s => s.Step == Activities.Rules).Select(s => s.Attempt).Should().Equal(1, 2, 3);
        _finished.Single().Attempts.Where(a => a.Step == Activities.Rules).Select(a => a.Outcome).Should().Equal("retrying", "retrying", "succeeded");
    }

    [Fact]
    public async Task A_refusal_ends_the_scan_at_once_with_its_reason_and_no_retry()
    {
        Step(Activities.Analyze, AppIds.VisionAnalyzer,
            StepResult<Analysis>.Refused("https://api.growbin.app/problems/ai-budget-exhausted", "Today's AI budget is spent."));

        var run = () => new ScanWorkflow().RunAsync(_context.Object, Request);

        (await run.Should().ThrowAsync<ScanStepFailedException>()).Which.Progress.Error!.Type.Should().EndWith(ActivityFailures.AiBudgetExhausted);
        _timers.Should().BeEmpty();
        _context.Verify(c => c.CallActivityAsync<StepResult<Analysis>>(Activities.Analyze, It.IsAny<object?>(), It.IsAny<WorkflowTaskOptions?>()), Times.Once());
        _context.Verify(c => c.CallActivityAsync<StepResult<DisposalRule>>(Activities.Rules, It.IsAny<object?>(), It.IsAny<WorkflowTaskOptions?>()), Times.Never());
        _statuses.Last().Should().Be(new ScanProgress(Activities.Analyze, 1,
            PublicScanErrors.For(Activities.Analyze, "https://api.growbin.app/problems/ai-budget-exhausted")),
            "the status shows the reason with its fixed message, not the activity's own text");
        var finished = _finished.Should().ContainSingle().Subject.State;
        finished.Status.Should().Be(ScanStatus.Failed);
        finished.Error!.Step.Should().Be(Activities.Analyze);
    }

    [Fact]
    public async Task A_step_out_of_attempts_fails_the_scan_as_dependency_unavailable_after_every_attempt()
    {
        _context.Setup(c => c.CallActivityAsync<StepResult<ScanAnswer>>(Activities.Respond, It.IsAny<object?>(), It.IsAny<WorkflowTaskOptions?>()))
            .ThrowsAsync(Transient("respond"));

        var run = () => new ScanWorkflow().RunAsync(_context.Object, Request);

        var failed = (await run.Should().ThrowAsync<ScanStepFailedException>()).Which.Progress;
        failed.Step.Should().Be(Activities.Respond);
        failed.Attempt.Should().Be(5, "respond's policy allows 5 attempts");
        failed.Error!.Type.Should().EndWith("dependency-unavailable");
        _timers.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8));
        _finished.Single().Attempts.Where(a => a.Step == Activities.Respond).Select(a => a.Outcome)
            .Should().Equal("retrying", "retrying", "retrying", "retrying", "failed");
    }

    [Fact]
    public async Task A_finish_that_fails_for_good_does_not_undo_the_answer()
    {
        _context.Setup(c => c.CallActivityAsync<bool>(nameof(FinishScan), It.IsAny<ScanOutcome>(), It.IsAny<WorkflowTaskOptions?>()))
            .ThrowsAsync(Transient(nameof(FinishScan)));

        var result = await new ScanWorkflow().RunAsync(_context.Object, Request);

        result.Answer.Should().Be(Answer);
        _context.Verify(c => c.CallActivityAsync<bool>(nameof(FinishScan), It.IsAny<ScanOutcome>(),
            It.Is<WorkflowTaskOptions>(o => o.RetryPolicy == ScanRetryPolicies.Finish)), Times.Once());
    }

    [Fact]
    public void The_retry_policies_are_the_architectures()
    {
        Describe(ScanRetryPolicies.Upload).Should().Be("3/1s/x2/10s");
        Describe(ScanRetryPolicies.Analyze).Should().Be("3/2s/x2/30s");
        Describe(ScanRetryPolicies.Rules).Should().Be("5/1s/x2/30s");
        Describe(ScanRetryPolicies.Respond).Should().Be("5/1s/x2/30s");

        static string Describe(WorkflowRetryPolicy p) =>
            $"{p.MaxNumberOfAttempts}/{p.FirstRetryInterval.TotalSeconds}s/x{p.BackoffCoefficient}/{p.MaxRetryInterval!.Value.TotalSeconds}s";
    }

    private void Step<T>(string step, string appId, StepResult<T> result)
        where T : class =>
        _context.Setup(c => c.CallActivityAsync<StepResult<T>>(step, It.IsAny<object?>(),
                It.Is<WorkflowTaskOptions>(o => o.TargetAppId == appId)))
            .ReturnsAsync(result);

    private static WorkflowTaskFailedException Transient(string activity) =>
        new($"Task '{activity}' failed", new WorkflowTaskFailureDetails("Dapr.DaprException", "sidecar unavailable", null));
}
