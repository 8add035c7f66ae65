namespace Growbin.Workflows.Tests;

/// <summary>Two remote steps on app "worker" and one local step, each with its own retry policy.</summary>
public sealed class ThreeStepWorkflow : Workflow<string, string>
{
    public const string Worker = "worker";

    public static readonly WorkflowRetryPolicy FirstPolicy = new(3, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(10));
    public static readonly WorkflowRetryPolicy SecondPolicy = new(4, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(3));

    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var first = await context.CallActivityAsync<string>("first", input, new WorkflowTaskOptions(FirstPolicy, Worker));
        context.SetCustomStatus(new { step = "second" });
        var second = await context.CallActivityAsync<string>("second", first + "-b", new WorkflowTaskOptions(SecondPolicy, Worker));
        var third = await context.CallActivityAsync<string>(nameof(SuffixActivity), second, new WorkflowTaskOptions(new WorkflowRetryPolicy(2, TimeSpan.FromSeconds(1))));
        return third;
    }
}

/// <summary>A local activity; fails while <see cref="FailuresLeft"/> is above zero.</summary>
public sealed class SuffixActivity : WorkflowActivity<string, string>
{
    public static int FailuresLeft;
    public static int Calls;

    public override Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        Interlocked.Increment(ref Calls);
        if (Interlocked.Decrement(ref FailuresLeft) >= 0)
        {
            throw new InvalidOperationException("local step failed");
        }

        return Task.FromResult(input + "!");
    }
}

/// <summary>Catches a failed step and records it, as the scan workflow does before it fails.</summary>
public sealed class CompensatingWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        try
        {
            return await context.CallActivityAsync<string>("first", input, new WorkflowTaskOptions(null, ThreeStepWorkflow.Worker));
        }
        catch (WorkflowTaskFailedException e)
        {
            await context.CallActivityAsync<string>("compensate", e.FailureDetails.ErrorType, new WorkflowTaskOptions(null, ThreeStepWorkflow.Worker));
            throw;
        }
    }
}

/// <summary>Calls a different first step depending on a switch the test flips: code that changed under a live instance.</summary>
public sealed class ChangingWorkflow : Workflow<string, string>
{
    public static bool Renamed;

    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var name = Renamed ? "renamed" : "first";
        var a = await context.CallActivityAsync<string>(name, input, new WorkflowTaskOptions(null, ThreeStepWorkflow.Worker));
        return await context.CallActivityAsync<string>("second", a, new WorkflowTaskOptions(null, ThreeStepWorkflow.Worker));
    }
}

/// <summary>Awaits something that is not an activity: not allowed in workflow code.</summary>
public sealed class DelayingWorkflow : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        await Task.Delay(10);
        return input;
    }
}
