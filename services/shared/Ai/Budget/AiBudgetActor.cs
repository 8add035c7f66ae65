using Dapr.Actors.Runtime;
using Microsoft.Extensions.Options;

namespace Growbin.Ai.Budget;

/// <inheritdoc cref="IAiBudgetActor"/>
public sealed class AiBudgetActor(ActorHost host, IOptionsMonitor<AiBudgetOptions> options) : Actor(host), IAiBudgetActor
{
    public const string StateName = "usage";

    /// <summary>
    /// How many reservation ids, and how many charge ids, the day's state keeps (the newest). A repeat comes within
    /// seconds (the actor router retries a call that failed Unavailable, 5 × 1 s); a thousand operations is minutes of
    /// traffic, and with the default limit the whole day.
    /// </summary>
    public const int RememberedOperations = 1000;

    /// <summary>
    /// How long a day's state is kept after its last write. The day is read until the next day's usage report
    /// (task-scheduler reads yesterday) and charged until a late usage record lands, so three days is ample; Redis
    /// then drops it instead of keeping one key per day forever. Needs the sidecar feature ActorStateTTL: without it
    /// daprd refuses the save (dapr/dapr pkg/actors/api/transactional.go), and components/config.yaml enables it.
    /// </summary>
    public static readonly TimeSpan StateTtl = TimeSpan.FromDays(3);

    public async Task<BudgetDecision> TryReserveAsync(AiBudgetReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var id = RequireId(reservation.ReservationId, nameof(reservation));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reservation.Calls);
        var limits = options.CurrentValue;
        var state = await LoadAsync();

        // A repeat of a granted reservation: granted, counted once. A refused one is not remembered: it changed
        // nothing, and the day's totals only grow, so judging the repeat again refuses it again.
        if (state.Reserved?.Contains(id, StringComparer.Ordinal) == true)
        {
            return new BudgetDecision(true, null, ToUsage(state, limits));
        }

        var reason = state.Calls + reservation.Calls > limits.DailyCalls
            ? $"The daily limit of {limits.DailyCalls} AI calls is reached ({state.Calls} made on {Id.GetId()})."
            : CostLimit(limits) is { } costLimit && state.CostUsd >= costLimit
                ? $"The daily AI cost limit of {costLimit} USD is reached ({state.CostUsd} USD on {Id.GetId()})."
                : null;
        if (reason is not null)
        {
            return new BudgetDecision(false, reason, ToUsage(state, limits));
        }

        state = state with { Calls = state.Calls + reservation.Calls, Reserved = Remember(state.Reserved, id) };
        await StateManager.SetStateAsync(StateName, state, StateTtl);
        return new BudgetDecision(true, null, ToUsage(state, limits));
    }

    public async Task<AiBudgetUsage> RecordUsageAsync(AiBudgetCharge charge)
    {
        ArgumentNullException.ThrowIfNull(charge);
        var id = RequireId(charge.ReservationId, nameof(charge));
        if (charge.PromptTokens < 0 || charge.CompletionTokens < 0 || charge.CostUsd < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(charge), "Tokens and cost cannot be negative.");
        }

        var state = await LoadAsync();
        if (state.Charged?.Contains(id, StringComparer.Ordinal) == true)
        {
            return ToUsage(state, options.CurrentValue); // already added
        }

        state = state with
        {
            PromptTokens = state.PromptTokens + charge.PromptTokens,
            CompletionTokens = state.CompletionTokens + charge.CompletionTokens,
            CostUsd = state.CostUsd + charge.CostUsd,
            Charged = Remember(state.Charged, id),
        };
        await StateManager.SetStateAsync(StateName, state, StateTtl);
        return ToUsage(state, options.CurrentValue);
    }

    public async Task<AiBudgetUsage> GetAsync() => ToUsage(await LoadAsync(), options.CurrentValue);

    private async Task<AiBudgetState> LoadAsync()
    {
        var saved = await StateManager.TryGetStateAsync<AiBudgetState>(StateName);
        return saved.HasValue ? saved.Value : AiBudgetState.Empty;
    }

    private static string RequireId(string? id, string argument) =>
        AiBudgetReservation.IsValidId(id)
            ? id!
            : throw new ArgumentException("The reservation id must be 1–64 letters, digits, '-' or '_'.", argument);

    private static List<string> Remember(IReadOnlyList<string>? ids, string id)
    {
        var kept = ids ?? [];
        var skip = Math.Max(0, kept.Count + 1 - RememberedOperations);
        return [.. kept.Skip(skip), id];
    }

    private static decimal? CostLimit(AiBudgetOptions limits) => limits.DailyCostUsd is > 0 ? limits.DailyCostUsd : null;

    private AiBudgetUsage ToUsage(AiBudgetState state, AiBudgetOptions limits) =>
        new(Id.GetId(), state.Calls, state.PromptTokens, state.CompletionTokens, state.CostUsd, limits.DailyCalls, CostLimit(limits));
}
