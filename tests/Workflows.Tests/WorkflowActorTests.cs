using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Workflows.Tests;

/// <summary>The runtime's contract (ARCHITECTURE §3), on a workflow of two remote steps and one local step.</summary>
public sealed class WorkflowActorTests : IAsyncLifetime
{
    private readonly WorkflowHarness _h = new();

    public Task InitializeAsync()
    {
        SuffixActivity.FailuresLeft = 0;
        SuffixActivity.Calls = 0;
        ChangingWorkflow.Renamed = false;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_workflow_runs_each_activity_once_in_order_and_completes_with_its_output()
    {
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w1", "abc");

        var state = await _h.RunToEndAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        state.ReadOutputAs<string>().Should().Be("ABC-B!");
        _h.Worker.Calls.Select(c => c.Activity).Should().Equal("first", "second");
        SuffixActivity.Calls.Should().Be(1);
        state.CompletedActivities.Select(a => a.Name).Should().Equal("first", "second", nameof(SuffixActivity));
        state.CompletedActivities.Should().OnlyContain(a => a.Attempts == 1);
    }

    [Fact]
    public async Task Each_remote_call_carries_the_instance_and_step_as_its_idempotency_key()
    {
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-keys", "x");

        await _h.RunToEndAsync(id);

        _h.Worker.Calls.Select(c => c.IdempotencyKey).Should().Equal("w-keys:first", "w-keys:second");
    }

    [Fact]
    public async Task An_activitys_output_is_saved_before_the_next_activity_is_called()
    {
        WorkflowInstance? seenWhenSecondRan = null;
        _h.Worker.OnCall = activity =>
        {
            if (activity == "second")
            {
                seenWhenSecondRan = _h.SavedInstance("w-cp");
            }
        };
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-cp", "abc");

        await _h.RunToEndAsync(id);

        seenWhenSecondRan!.History.Should().ContainSingle(h => h.Name == "first");
        seenWhenSecondRan.History[0].Output!.Value.GetString().Should().Be("ABC");
        seenWhenSecondRan.Pending!.Name.Should().Be("second");
    }

    [Fact]
    public async Task A_later_step_failing_twice_is_retried_by_its_policy_and_never_reruns_the_earlier_step()
    {
        _h.Worker.Fail("second", HttpStatusCode.InternalServerError, times: 2);
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-retry", "abc");

        var state = await _h.RunToEndAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        _h.Worker.CallsTo("first").Should().Be(1);
        _h.Worker.CallsTo("second").Should().Be(3);
        state.CompletedActivities.Single(a => a.Name == "second").Attempts.Should().Be(3);
    }

    [Fact]
    public async Task Retries_wait_first_interval_times_coefficient_to_the_power_of_attempt_minus_one()
    {
        _h.Worker.Fail("first", HttpStatusCode.ServiceUnavailable, times: 2);
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-backoff", "abc");
        var start = _h.Time.GetUtcNow();

        await _h.Actors.FireDueRemindersAsync(); // attempt 1 fails
        var afterFirst = await _h.Client.GetWorkflowStateAsync(id);
        await AdvanceAndFireAsync(TimeSpan.FromSeconds(1)); // attempt 2 fails
        var afterSecond = await _h.Client.GetWorkflowStateAsync(id);

        afterFirst.CurrentActivity.Should().Be("first");
        afterFirst.CurrentAttempt.Should().Be(2);
        afterFirst.NextAttemptAt.Should().Be(start + TimeSpan.FromSeconds(1));
        afterFirst.LastError!.ErrorType.Should().Be("https://api.growbin.app/problems/test-503");
        afterSecond.CurrentAttempt.Should().Be(3);
        afterSecond.NextAttemptAt.Should().Be(start + TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(2));
        _h.Actors.Timers.NextDue(new Dapr.Actors.ActorId(id), WorkflowActor.AdvanceReminder).Should().Be(afterSecond.NextAttemptAt);
    }

    [Fact]
    public async Task A_step_that_fails_on_every_attempt_fails_the_workflow_after_max_attempts_counting_the_first()
    {
        _h.Worker.Fail("second", HttpStatusCode.InternalServerError, times: 10, problemType: "https://api.growbin.app/problems/boom");
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-exhaust", "abc");

        var state = await _h.RunToEndAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Failed);
        _h.Worker.CallsTo("second").Should().Be(ThreeStepWorkflow.SecondPolicy.MaxNumberOfAttempts);
        _h.Worker.CallsTo("first").Should().Be(1);
        state.FailureDetails.Should().Be(new WorkflowFailureDetails("https://api.growbin.app/problems/boom", "scripted failure 500", "second"));
        SuffixActivity.Calls.Should().Be(0);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_non_retryable_answer_ends_the_workflow_at_once_without_burning_retries(HttpStatusCode status)
    {
        _h.Worker.Fail("first", status, times: 1, problemType: "https://api.growbin.app/problems/not-an-image");
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-permanent", "abc");

        var state = await _h.RunToEndAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Failed);
        state.FailureDetails!.ErrorType.Should().Be("https://api.growbin.app/problems/not-an-image");
        _h.Worker.CallsTo("first").Should().Be(1);
        _h.Worker.CallsTo("second").Should().Be(0);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.BadGateway)]
    public async Task Throttling_timeouts_and_5xx_are_transient(HttpStatusCode status)
    {
        _h.Worker.Fail("first", status, times: 1);
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-transient", "abc");

        var state = await _h.RunToEndAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        _h.Worker.CallsTo("first").Should().Be(2);
    }

    [Fact]
    public async Task A_reminder_that_fires_twice_or_early_runs_no_step_twice()
    {
        _h.Worker.Fail("second", HttpStatusCode.InternalServerError, times: 1);
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-dup", "abc");
        await _h.Actors.FireDueRemindersAsync(); // first
        await _h.Actors.FireDueRemindersAsync(); // second fails, retry due in 1 s

        // Duplicate deliveries while the retry waits: no call, and the wake-up stays at the due time.
        await _h.Actors.FireAsync(WorkflowActor.TypeName, id, WorkflowActor.AdvanceReminder);
        await _h.Actors.FireAsync(WorkflowActor.TypeName, id, WorkflowActor.AdvanceReminder);
        var state = await _h.RunToEndAsync(id);

        _h.Worker.CallsTo("first").Should().Be(1);
        _h.Worker.CallsTo("second").Should().Be(2);
        SuffixActivity.Calls.Should().Be(1);
        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);

        // And after the end a stray reminder finds nothing to do.
        _h.Actors.Timers.Reminders.Should().BeEmpty();
    }

    [Fact]
    public async Task A_crash_before_the_checkpoint_resumes_from_the_last_checkpoint_when_the_watchdog_fires()
    {
        var crashed = false;
        _h.Worker.Answer("second", async request =>
        {
            await Task.Yield();
            crashed = true;
            throw new SimulatedCrashException(); // the answer came, the process died before saving it
        });
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-crash", "abc");
        await _h.Actors.FireDueRemindersAsync(); // first
        var crash = async () => await _h.Actors.FireDueRemindersAsync();
        await crash.Should().ThrowAsync<SimulatedCrashException>();
        _h.Actors.Crash(WorkflowActor.TypeName, id);

        var state = await _h.RunToEndAsync(id);

        crashed.Should().BeTrue();
        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        _h.Worker.CallsTo("first").Should().Be(1, "the checkpoint kept its output");
        _h.Worker.CallsTo("second").Should().Be(2, "the step in flight is run again, at least once");
    }

    [Fact]
    public async Task A_local_activity_failure_is_retried_by_its_policy()
    {
        SuffixActivity.FailuresLeft = 1;
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-local", "abc");

        var state = await _h.RunToEndAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        SuffixActivity.Calls.Should().Be(2);
        _h.Worker.Calls.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_workflow_can_catch_a_failed_step_and_run_another_before_failing()
    {
        _h.Worker.Fail("first", HttpStatusCode.UnprocessableEntity, times: 1, problemType: "https://api.growbin.app/problems/nope");
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(CompensatingWorkflow), "w-comp", "abc");

        var state = await _h.RunToEndAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Failed);
        _h.Worker.Calls.Select(c => c.Activity).Should().Equal("first", "compensate");
        _h.Worker.Calls[1].Body.Should().Be("\"https://api.growbin.app/problems/nope\"");
    }

    [Fact]
    public async Task Starting_the_same_instance_again_changes_nothing()
    {
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-twice", "abc");
        await _h.RunToEndAsync(id);

        await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-twice", "zzz");
        var state = await _h.RunToEndAsync(id);

        state.ReadInputAs<string>().Should().Be("abc");
        _h.Worker.CallsTo("first").Should().Be(1);
    }

    [Fact]
    public async Task An_unknown_workflow_cannot_be_started()
    {
        var start = () => _h.Client.ScheduleNewWorkflowAsync("NoSuchWorkflow", "w-unknown", "abc");

        await start.Should().ThrowAsync<ArgumentException>().WithMessage("*NoSuchWorkflow*");
        (await _h.Client.GetWorkflowStateAsync("w-unknown")).Exists.Should().BeFalse();
    }

    [Fact]
    public async Task Code_that_no_longer_matches_the_history_fails_the_instance_instead_of_guessing()
    {
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ChangingWorkflow), "w-change", "abc");
        await _h.Actors.FireDueRemindersAsync(); // "first" recorded
        ChangingWorkflow.Renamed = true;

        var state = await _h.RunToEndAsync(id);

        // As in Dapr Workflow, an activity already scheduled still runs; the replay after it sees the mismatch.
        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Failed);
        state.FailureDetails!.ErrorType.Should().Be(nameof(NonDeterministicWorkflowException));
        _h.Worker.Calls.Select(c => c.Activity).Should().Equal("first", "second");
    }

    [Fact]
    public async Task Awaiting_anything_but_an_activity_fails_the_instance()
    {
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(DelayingWorkflow), "w-delay", "abc");

        var state = await _h.Client.GetWorkflowStateAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Failed);
        state.FailureDetails!.ErrorMessage.Should().Contain("only activity calls may be awaited");
    }

    [Fact]
    public async Task State_shows_status_step_attempts_and_custom_status_and_hides_payloads_on_request()
    {
        var id = await _h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-state", "abc");
        var pending = await _h.Client.GetWorkflowStateAsync(id);
        await _h.Actors.FireDueRemindersAsync();
        var running = await _h.Client.GetWorkflowStateAsync(id, getInputsAndOutputs: false);

        pending.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Pending);
        pending.CurrentActivity.Should().Be("first");
        pending.CurrentAttempt.Should().Be(1);
        running.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Running);
        running.CurrentActivity.Should().Be("second");
        running.Input.Should().BeNull();
        running.CompletedActivities.Single().Output.Should().BeNull();
        running.CustomStatus!.Value.GetProperty("step").GetString().Should().Be("second");
        (await _h.Client.GetWorkflowStateAsync("never-started")).RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Unknown);
    }

    [Fact]
    public async Task A_step_that_does_not_answer_in_time_is_a_transient_failure()
    {
        await using var h = new WorkflowHarness(activityTimeout: TimeSpan.FromMilliseconds(200));
        h.Worker.Hang("first");
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-slow", "abc");

        await h.Actors.FireDueRemindersAsync();
        var state = await h.Client.GetWorkflowStateAsync(id);

        state.CurrentActivity.Should().Be("first");
        state.CurrentAttempt.Should().Be(2);
        state.LastError!.ErrorType.Should().Be("timeout");
    }

    [Fact]
    public async Task An_observer_that_throws_changes_nothing()
    {
        await using var h = new WorkflowHarness(s => s.AddSingleton<IWorkflowObserver, ThrowingObserver>());
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-observer", "abc");

        var state = await h.RunToEndAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        h.Worker.Calls.Should().HaveCount(2);
    }

    private async Task AdvanceAndFireAsync(TimeSpan by)
    {
        _h.Time.Advance(by);
        await _h.Actors.FireDueRemindersAsync();
    }

    private sealed class ThrowingObserver : IWorkflowObserver
    {
        public void ActivityAttempted(string workflow, PendingActivity activity, ActivityOutcome outcome) => throw new InvalidOperationException("metrics down");

        public void WorkflowFinished(string workflow, string instanceId, WorkflowInstance instance) => throw new InvalidOperationException("metrics down");
    }
}

public sealed class SimulatedCrashException : Exception;
