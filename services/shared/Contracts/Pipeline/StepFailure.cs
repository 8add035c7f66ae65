namespace Growbin.Contracts.Pipeline;

/// <summary>Why a step refuses its input for good; the scan fails with it and no retry is spent.</summary>
/// <param name="Type">A stable ProblemDetails type, <c>https://api.growbin.app/problems/{slug}</c> with a slug of <see cref="ActivityFailures"/>.</param>
public sealed record StepFailure(string Type, string Detail);
