namespace Growbin.ScanPipeline;

/// <param name="Outcome">succeeded, refused (a final refusal), retrying, or failed (out of attempts).</param>
public sealed record StepAttempt(string Step, string Outcome);
