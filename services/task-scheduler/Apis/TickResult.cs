using Growbin.TaskScheduler.Jobs;

namespace Growbin.TaskScheduler.Apis;

/// <summary>What a tick did: nothing when the scheduler is disabled, else one entry per job.</summary>
public sealed record TickResult(bool Enabled, IReadOnlyList<JobRun> Jobs);
