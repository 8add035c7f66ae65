namespace Growbin.Contracts.Pipeline;

/// <summary>
/// What an activity returns: its output, or the <see cref="StepFailure"/> that ends the scan. Expected refusals are
/// values so the workflow's retry policy, which retries every activity exception, never spends attempts on them.
/// </summary>
public sealed record StepResult<T>(T? Value, StepFailure? Failure)
    where T : class
{
    public static StepResult<T> Ok(T value) => new(value, null);

    public static StepResult<T> Refused(string type, string detail) => new(null, new StepFailure(type, detail));
}
