using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapr.Client;
using Growbin.Ai.Budget;
using Growbin.Contracts;
using Growbin.Contracts.Events;

namespace Growbin.TaskScheduler.Jobs;

/// <summary>
/// Once per UTC day: publishes <c>ai-usage-daily</c> for the previous day from that day's budget actor. The event id is
/// derived from the date, so a second publish of the same day (a lock that expired mid-run) is one event to subscribers.
/// </summary>
public sealed class AiUsageReport(IAiBudget budget, DaprClient dapr) : IScheduledJob
{
    public string Name => "ai-usage-report";

    public TimeSpan LockExpiry => TimeSpan.FromMinutes(2);

    /// <summary>The period is the day being reported: yesterday, in UTC.</summary>
    public string PeriodOf(DateTimeOffset now) => AiBudgetDay.Of(now.AddDays(-1));

    public async Task<string> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var day = PeriodOf(now);
        var usage = await budget.GetUsageAsync(day, cancellationToken);
        var report = new AiUsageDaily(
            EventIdFor(day),
            now,
            DateOnly.ParseExact(day, AiBudgetDay.Format, CultureInfo.InvariantCulture),
            usage.Calls,
            usage.PromptTokens + usage.CompletionTokens,
            usage.CostUsd);
        await dapr.PublishEventAsync(DaprComponents.PubSub, Topics.AiUsageDaily, report, cancellationToken);
        return $"{day}: {report.Calls} calls, {report.Tokens} tokens, {report.CostUsd} USD";
    }

    public static Guid EventIdFor(string day) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(Topics.AiUsageDaily + ":" + day)).AsSpan(0, 16));
}
