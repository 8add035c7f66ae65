using System.Globalization;
using Growbin.Ai.Budget;

namespace Growbin.TaskScheduler.Jobs;

/// <summary>
/// Every tick: sets <c>growbin_ai_budget_used_ratio{limit="calls"|"cost"}</c> from today's budget, for the 80 % and
/// 100 % alerts. The cost ratio is only set when a cost limit exists.
/// </summary>
public sealed class AiBudgetGauges(IAiBudget budget, SchedulerMetrics metrics) : IScheduledJob
{
    public string Name => "ai-budget-gauges";

    public TimeSpan LockExpiry => TimeSpan.FromMinutes(1);

    public string PeriodOf(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public async Task<string> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var usage = await budget.GetUsageAsync(AiBudgetDay.Of(now), cancellationToken);
        // A zero call limit refuses everything: the budget is as used up as it gets.
        var calls = usage.CallLimit > 0 ? (double)usage.Calls / usage.CallLimit : 1.0;
        metrics.BudgetRatio("calls", calls);
        var summary = $"{usage.Day}: calls {calls:P0}";
        if (usage.CostLimitUsd is > 0m and var limit)
        {
            var cost = (double)(usage.CostUsd / limit);
            metrics.BudgetRatio("cost", cost);
            summary += $", cost {cost:P0}";
        }

        return summary;
    }
}
