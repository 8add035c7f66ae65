using Dapr.Actors.Runtime;
using Microsoft.Extensions.Options;

namespace Growbin.Ai.Budget;

/// <inheritdoc cref="IAiBudgetActor"/>
public sealed class AiBudgetActor(ActorHost host, IOptionsMonitor<AiBudgetOptions> options) : Actor(host), IAiBudgetActor
{
    public const string StateName = "usage";

    public async Task<BudgetDecision> TryReserveAsync(int calls)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(calls);
        var limits = options.CurrentValue;
        var state = await LoadAsync();

        var reason = state.Calls + calls > limits.DailyCalls
            ? $"The daily limit of {limits.DailyCalls} AI calls is reached ({state.Calls} made on {Id.GetId()})."
            : CostLimit(limits) is { } costLimit && state.CostUsd >= costLimit
                ? $"The daily AI cost limit of {costLimit} USD is reached ({state.CostUsd} USD on {Id.GetId()})."
                : null;
        if (reason is not null)
        {
            return new BudgetDecision(false, reason, ToUsage(state, limits));
        }

        state = state with { Calls = state.Calls + calls };
        await StateManager.SetStateAsync(StateName, state);
        return new BudgetDecision(true, null, ToUsage(state, limits));
    }

    public async Task<AiBudgetUsage> RecordUsageAsync(AiUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var state = await LoadAsync();
        state = state with
        {
            PromptTokens = state.PromptTokens + usage.PromptTokens,
            CompletionTokens = state.CompletionTokens + usage.CompletionTokens,
            CostUsd = state.CostUsd + usage.CostUsd,
        };
        await StateManager.SetStateAsync(StateName, state);
        return ToUsage(state, options.CurrentValue);
    }

    public async Task<AiBudgetUsage> GetAsync() => ToUsage(await LoadAsync(), options.CurrentValue);

    private async Task<AiBudgetState> LoadAsync()
    {
        var saved = await StateManager.TryGetStateAsync<AiBudgetState>(StateName);
        return saved.HasValue ? saved.Value : AiBudgetState.Empty;
    }

    private static decimal? CostLimit(AiBudgetOptions limits) => limits.DailyCostUsd is > 0 ? limits.DailyCostUsd : null;

    private AiBudgetUsage ToUsage(AiBudgetState state, AiBudgetOptions limits) =>
        new(Id.GetId(), state.Calls, state.PromptTokens, state.CompletionTokens, state.CostUsd, limits.DailyCalls, CostLimit(limits));
}
