namespace Growbin.TaskScheduler.Jobs;

/// <summary>What one tick did with one job.</summary>
public sealed record JobRun(string Job, string Period, string Outcome, string? Detail);
