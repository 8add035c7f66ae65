using Growbin.Ai.Budget;
using Growbin.ServiceDefaults.Data;
using Growbin.ServiceDefaults.Locks;
using Growbin.TaskScheduler.Data;
using Growbin.TaskScheduler.DeadLetters;
using Growbin.TaskScheduler.Jobs;
using Growbin.TaskScheduler.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.TaskScheduler;

public static class TaskSchedulerExtensions
{
    /// <summary>The jobs (run in this order each tick), their runner and settings.</summary>
    public static IServiceCollection AddTaskScheduler(this IServiceCollection services)
    {
        services.AddOptions<SchedulerOptions>()
            .BindConfiguration(SchedulerOptions.SectionName)
            .Configure<IConfiguration>((o, config) =>
            {
                // The deployment's switch, as an environment variable without the section prefix.
                if (bool.TryParse(config["SCHEDULER_ENABLED"], out var enabled))
                {
                    o.Enabled = enabled;
                }
            })
            .Validate(o => o.RawRetention > TimeSpan.Zero && o.ListPageSize is > 0 and <= 1000 && o.StuckAfter > TimeSpan.Zero
                    && o.ImageRetention >= TimeSpan.FromMinutes(10),
                "Scheduler: RawRetention and StuckAfter must be positive, ImageRetention at least 10 minutes, ListPageSize 1..1000")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddAiBudgetClient();
        services.AddSingleton<SchedulerMetrics>();
        services.AddSingleton<ImageStore>();
        services.AddSingleton<IScheduledJob, RawUploadPurge>();
        services.AddSingleton<IScheduledJob, ImagePurge>();
        services.AddSingleton<ImageReferences>();
        services.AddSingleton<ImageLock>();
        services.AddSingleton<IScheduledJob, AiUsageReport>();
        services.AddSingleton<IScheduledJob, AiBudgetGauges>();
        services.AddSingleton<IScheduledJob, StuckPipelineCheck>();
        services.AddSingleton<JobRunner>();
        // growbin-db: the dead letters and the daily AI usage (PostgresBinding comes with AddServiceDefaults).
        services.AddSingleton<DeadLetterStore>();
        services.AddSingleton<AiUsageStore>();
        services.AddSingleton<DeadLetterMetrics>();
        services.AddSingleton<DeadLetterHandler>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return services;
    }
}
