using Dapr.Actors;
using Dapr.Actors.Client;

namespace Growbin.Ai.Budget;

/// <summary>
/// <see cref="IAiBudget"/> over today's <see cref="AiBudgetActor"/>. Calls go without remoting (plain JSON), so any
/// app with a sidecar can use the budget without sharing serialization settings with the host.
/// </summary>
public sealed class ActorAiBudget(IActorProxyFactory proxies, TimeProvider time) : IAiBudget
{
    public const string ActorType = nameof(AiBudgetActor);

    public Task<BudgetDecision> TryReserveAsync(string reservationId, int calls, CancellationToken cancellationToken) =>
        Actor(AiBudgetDay.Of(time.GetUtcNow())).InvokeMethodAsync<AiBudgetReservation, BudgetDecision>(
            nameof(IAiBudgetActor.TryReserveAsync), new AiBudgetReservation(reservationId, calls), cancellationToken);

    public Task<AiBudgetUsage> RecordUsageAsync(string day, string reservationId, AiUsage usage, CancellationToken cancellationToken) =>
        Actor(day).InvokeMethodAsync<AiBudgetCharge, AiBudgetUsage>(
            nameof(IAiBudgetActor.RecordUsageAsync), AiBudgetCharge.For(reservationId, usage), cancellationToken);

    public Task<AiBudgetUsage> GetUsageAsync(string day, CancellationToken cancellationToken) =>
        Actor(day).InvokeMethodAsync<AiBudgetUsage>(nameof(IAiBudgetActor.GetAsync), cancellationToken);

    private ActorProxy Actor(string day) => proxies.Create(new ActorId(day), ActorType);
}
