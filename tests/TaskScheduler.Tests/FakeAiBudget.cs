using Growbin.Ai.Budget;

namespace Growbin.TaskScheduler.Tests;

/// <summary>An <see cref="IAiBudget"/> with arranged daily totals; a day without an entry reads as zero usage.</summary>
public sealed class FakeAiBudget : IAiBudget
{
    private readonly Dictionary<string, AiBudgetUsage> _days = new(StringComparer.Ordinal);
    private readonly List<string> _reads = [];

    public int CallLimit { get; set; } = 1000;

    public decimal? CostLimitUsd { get; set; }

    /// <summary>When set, every read throws it (the budget actor unreachable).</summary>
    public Exception? Failure { get; set; }

    public IReadOnlyList<string> Reads
    {
        get
        {
            lock (_days)
            {
                return _reads.ToList();
            }
        }
    }

    public void Arrange(string day, int calls, long promptTokens, long completionTokens, decimal costUsd)
    {
        lock (_days)
        {
            _days[day] = new AiBudgetUsage(day, calls, promptTokens, completionTokens, costUsd, CallLimit, CostLimitUsd);
        }
    }

    public Task<AiBudgetUsage> GetUsageAsync(string day, CancellationToken cancellationToken)
    {
        lock (_days)
        {
            _reads.Add(day);
            if (Failure is { } failure)
            {
                throw failure;
            }

            return Task.FromResult(_days.TryGetValue(day, out var usage)
                ? usage with { CallLimit = CallLimit, CostLimitUsd = CostLimitUsd }
                : new AiBudgetUsage(day, 0, 0, 0, 0m, CallLimit, CostLimitUsd));
        }
    }

    public Task<BudgetDecision> TryReserveAsync(string reservationId, int calls, CancellationToken cancellationToken) =>
        throw new NotSupportedException("task-scheduler only reads the budget.");

    public Task<AiBudgetUsage> RecordUsageAsync(string day, string reservationId, AiUsage usage, CancellationToken cancellationToken) =>
        throw new NotSupportedException("task-scheduler only reads the budget.");
}
