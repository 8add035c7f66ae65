using Growbin.Contracts;
using Growbin.ServiceDefaults.Sidecar;
using Growbin.TaskScheduler.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Growbin.TaskScheduler.Apis;

/// <summary>
/// The <c>scheduler-tick</c> cron binding's route (= the component name). daprd sends OPTIONS at start-up and needs a
/// non-404 to enable the binding; each POST is one tick, and the jobs run inside the request.
/// </summary>
public static class SchedulerTickApi
{
    public const string Route = "/" + DaprComponents.SchedulerTick;

    private static int _disabledLogged;

    public static IEndpointRouteBuilder MapSchedulerTick(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Route, [HttpMethods.Options], () => TypedResults.Ok())
            .WithName("SchedulerTickProbe")
            .WithSummary("Answers daprd's start-up probe of the cron binding.")
            .ExcludeFromDescription()
            .RequireSidecar();
        app.MapPost(Route, TickAsync)
            .WithName("SchedulerTick")
            .WithSummary("One cron tick: runs every job that is due, each once per period across replicas.")
            .RequireSidecar();
        return app;
    }

    /// <summary>Always 200: a failed job is logged and counted, and its period stays open for the next tick.</summary>
    public static async Task<Ok<TickResult>> TickAsync(
        JobRunner runner, IOptionsMonitor<SchedulerOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            if (Interlocked.Exchange(ref _disabledLogged, 1) == 0)
            {
                loggers.CreateLogger(typeof(SchedulerTickApi)).LogWarning(
                    "Scheduler disabled (Scheduler:Enabled / SCHEDULER_ENABLED = false): ticks do nothing");
            }

            return TypedResults.Ok(new TickResult(false, []));
        }

        return TypedResults.Ok(new TickResult(true, await runner.RunTickAsync(cancellationToken)));
    }
}
