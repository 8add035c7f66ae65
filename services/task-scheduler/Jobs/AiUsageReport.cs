using System.Globalization;
using Growbin.Ai.Budget;
using Growbin.TaskScheduler.Data;

namespace Growbin.TaskScheduler.Jobs;

/// <summary>
/// Once per UTC day: writes the previous day's AI usage (calls, tokens, cost) from that day's budget actor to
/// <c>growbin.ai_usage_daily</c>, where the spending history can be read in SQL. It is a row, not an event: no app
/// would consume it. A second run for the same day (a lock that expired mid-run) rewrites the same row.
/// </summary>
public sealed class AiUsageReport(IAiBudget budget, AiUsageStore usage) : IScheduledJob
{
    public string Name => "ai-usage-report";

    public TimeSpan LockExpiry => TimeSpan.FromMinutes(2);

    /// <summary>The period is the day being reported: yesterday, in UTC.</summary>
    public string PeriodOf(DateTimeOffset now) => AiBudgetDay.Of(now.AddDays(-1));

    public async Task<string> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var day = PeriodOf(now);
        var spent = await budget.GetUsageAsync(day, cancellationToken);
        var tokens = spent.PromptTokens + spent.CompletionTokens;
        await usage.RecordAsync(
            DateOnly.ParseExact(day, AiBudgetDay.Format, CultureInfo.InvariantCulture), spent.Calls, tokens, spent.CostUsd, now, cancellationToken);
        return $"{day}: {spent.Calls} calls, {tokens} tokens, {spent.CostUsd} USD";
    }
}
