using System.Globalization;
using Growbin.ServiceDefaults.Data;

namespace Growbin.TaskScheduler.Data;

/// <summary>growbin.ai_usage_daily: one row per reported UTC day.</summary>
public sealed class AiUsageStore(PostgresBinding db)
{
    /// <summary>Writes (or rewrites) one day's usage.</summary>
    /// <exception cref="PostgresBindingException">The database did not take it.</exception>
    public async Task RecordAsync(DateOnly day, long calls, long tokens, decimal costUsd, DateTimeOffset reportedAt,
        CancellationToken cancellationToken)
    {
        var affected = await db.ExecAsync(
            SchedulerQueries.RecordAiUsage,
            [
                day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                calls.ToString(CultureInfo.InvariantCulture),
                tokens.ToString(CultureInfo.InvariantCulture),
                costUsd.ToString(CultureInfo.InvariantCulture),
                reportedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ],
            cancellationToken);
        if (affected != 1)
        {
            throw new InvalidOperationException($"Recording the AI usage of {day:yyyy-MM-dd} affected {affected} rows; expected 1.");
        }
    }
}
