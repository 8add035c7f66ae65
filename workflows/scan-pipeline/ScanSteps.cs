using Dapr.Workflow;
using Dapr.Workflow.Client;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.ScanPipeline;

/// <summary>
/// Runs the scan's steps inside <see cref="ScanWorkflow"/>: each one an activity on its worker app
/// (<see cref="WorkflowTaskOptions.TargetAppId"/>), retried by Dapr's own <see cref="RetryInterceptor{T}"/> with the
/// step's <see cref="WorkflowRetryPolicy"/> and durable timers — the code <c>CallActivityAsync</c> runs when the options
/// carry the policy, driven from here so that each attempt sets the custom status (step, attempt) before it is
/// scheduled. Deterministic: only workflow APIs; what it counts is reported by <see cref="FinishScan"/>.
/// </summary>
internal sealed class ScanSteps(WorkflowContext context)
{
    private readonly List<StepAttempt> _attempts = [];

    /// <summary>The step running now, or the last one.</summary>
    public ScanProgress? Current { get; private set; }

    public IReadOnlyList<StepAttempt> Attempts => _attempts;

    /// <exception cref="ScanStepFailedException">The step refused its input, or ran out of attempts.</exception>
    public async Task<T> RunAsync<T>(string step, string appId, WorkflowRetryPolicy retry, object input)
        where T : class
    {
        var attempt = 0;
        var interceptor = new RetryInterceptor<StepResult<T>>(context, retry, async () =>
        {
            attempt++;
            Current = new ScanProgress(step, attempt);
            context.SetCustomStatus(Current);
            try
            {
                var result = await context.CallActivityAsync<StepResult<T>>(step, input, new WorkflowTaskOptions(TargetAppId: appId));
                _attempts.Add(new StepAttempt(step, result.Failure is null ? "succeeded" : "refused"));
                return result;
            }
            catch (WorkflowTaskFailedException)
            {
                _attempts.Add(new StepAttempt(step, attempt < retry.MaxNumberOfAttempts ? "retrying" : "failed"));
                throw;
            }
        }, delay => context.CreateTimer(delay));

        StepResult<T>? outcome;
        try
        {
            outcome = await interceptor.Invoke();
        }
        catch (WorkflowTaskFailedException e)
        {
            throw Failed(step, attempt, ProblemTypes.DependencyUnavailable,
                $"Still failing after {attempt} attempt(s): {e.FailureDetails.ErrorType}: {e.FailureDetails.ErrorMessage}");
        }

        return outcome switch
        {
            { Failure: { } refusal } => throw Failed(step, attempt, refusal.Type, refusal.Detail),
            { Value: { } value } => value,
            _ => throw Failed(step, attempt, ProblemTypes.Internal, "The step answered neither a value nor a refusal."),
        };
    }

    /// <summary>
    /// The custom status, and so what waste-api shows, gets only the public reason and its fixed message
    /// (<see cref="PublicScanErrors"/>); <paramref name="detail"/> (a refusal's text, an exception message) goes only
    /// into the exception, for the log and the workflow's own failure details.
    /// </summary>
    private ScanStepFailedException Failed(string step, int attempts, string type, string detail)
    {
        Current = new ScanProgress(step, attempts, PublicScanErrors.For(step, type));
        return new ScanStepFailedException(Current, type, detail);
    }
}
