namespace Growbin.TaskScheduler.Jobs;

/// <summary>State entry per job: the last period it finished, so an overlapping tick of the same period does nothing.</summary>
public sealed record JobMarker(string Period, DateTimeOffset CompletedAt, string CompletedBy);
