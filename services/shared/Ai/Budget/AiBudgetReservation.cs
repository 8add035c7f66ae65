namespace Growbin.Ai.Budget;

/// <summary>The body of <c>POST /internal/ai-budget/reservations</c>: how many model calls to reserve today.</summary>
public sealed record AiBudgetReservation(int Calls);
