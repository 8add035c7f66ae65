using Growbin.Contracts.Pipeline;

namespace Growbin.ServiceDefaults.Problems;

/// <summary>Builds the <see cref="StepResult{T}"/> refusals scan activities return, with their stable problem types.</summary>
public static class StepRefusals
{
    /// <summary>A refusal with the type <c>https://api.growbin.app/problems/{slug}</c>.</summary>
    public static StepResult<T> Refused<T>(string slug, string detail)
        where T : class => StepResult<T>.Refused(ProblemTypes.For(slug), detail);

    /// <summary>A malformed step input: the same input can never succeed, so no retry is spent on it.</summary>
    public static StepResult<T> Invalid<T>(IReadOnlyDictionary<string, string[]> errors)
        where T : class => Refused<T>(ActivityFailures.InvalidStepInput,
            string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
}
