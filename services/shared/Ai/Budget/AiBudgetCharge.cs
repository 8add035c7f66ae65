namespace Growbin.Ai.Budget;

/// <summary>
/// What a reserved call cost: the body of <c>POST /internal/ai-budget/{day}/usage</c> and the argument of
/// <see cref="IAiBudgetActor.RecordUsageAsync"/>. <paramref name="ReservationId"/> is the reservation's id; a second
/// charge under the same id (a repeat of the same call) adds nothing.
/// </summary>
public sealed record AiBudgetCharge(string? ReservationId, int PromptTokens, int CompletionTokens, decimal CostUsd)
{
    public static AiBudgetCharge For(string reservationId, AiUsage usage) =>
        new(reservationId, usage.PromptTokens, usage.CompletionTokens, usage.CostUsd);
}
