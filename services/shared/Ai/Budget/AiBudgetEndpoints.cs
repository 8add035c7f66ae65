using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Growbin.Ai.Budget;

/// <summary>
/// The budget actor's host serves it to other apps by service invocation (sidecar-only routes; the Ingress routes
/// only <c>/api/v1/…</c>): <c>POST /internal/ai-budget/reservations</c> <see cref="AiBudgetReservation"/>
/// <c>{reservationId, calls}</c> → <see cref="BudgetDecision"/>, <c>POST /internal/ai-budget/{day}/usage</c>
/// <see cref="AiBudgetCharge"/> <c>{reservationId, promptTokens, completionTokens, costUsd}</c> →
/// <see cref="AiBudgetUsage"/>, and <c>GET /internal/ai-budget/{day}</c> → <see cref="AiBudgetUsage"/>. Each calls the
/// actor through the host's own <see cref="IAiBudget"/>. A repeat of a request (same reservation id) is answered
/// without counting again. Bad input is a 400 ValidationProblem and reaches no actor.
/// </summary>
public static class AiBudgetEndpoints
{
    public const string Prefix = "internal/ai-budget";

    /// <summary>The most calls one reservation may take (a scan needs one, a chat message one).</summary>
    public const int MaxCallsPerReservation = 100;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string IdRule = "reservationId must be 1–64 letters, digits, '-' or '_', the same for a repeat of the request.";

    public static IEndpointRouteBuilder MapAiBudgetEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/" + Prefix).WithTags("internal").ExcludeFromDescription().AllowAnonymous();

        group.MapPost("/reservations", async (AiBudgetReservation request, IAiBudget budget, CancellationToken cancellationToken) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (!AiBudgetReservation.IsValidId(request.ReservationId))
            {
                errors["reservationId"] = [IdRule];
            }

            if (request.Calls is < 1 or > MaxCallsPerReservation)
            {
                errors["calls"] = [$"calls must be 1–{MaxCallsPerReservation}."];
            }

            return errors.Count > 0
                ? Results.ValidationProblem(errors)
                : Results.Ok(await budget.TryReserveAsync(request.ReservationId!, request.Calls, cancellationToken));
        });

        group.MapPost("/{day}/usage", async (string day, AiBudgetCharge charge, IAiBudget budget, CancellationToken cancellationToken) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (!IsDay(day))
            {
                errors["day"] = [$"day must be a UTC date ({AiBudgetDay.Format})."];
            }

            if (!AiBudgetReservation.IsValidId(charge.ReservationId))
            {
                errors["reservationId"] = [IdRule];
            }

            if (charge.PromptTokens < 0 || charge.CompletionTokens < 0 || charge.CostUsd < 0)
            {
                errors["usage"] = ["tokens and cost cannot be negative."];
            }

            return errors.Count > 0
                ? Results.ValidationProblem(errors)
                : Results.Ok(await budget.RecordUsageAsync(day, charge.ReservationId!,
                    new AiUsage(charge.PromptTokens, charge.CompletionTokens, charge.CostUsd), cancellationToken));
        });

        group.MapGet("/{day}", async (string day, IAiBudget budget, CancellationToken cancellationToken) =>
            IsDay(day)
                ? Results.Ok(await budget.GetUsageAsync(day, cancellationToken))
                : Results.ValidationProblem(new Dictionary<string, string[]> { ["day"] = [$"day must be a UTC date ({AiBudgetDay.Format})."] }));

        return routes;
    }

    private static bool IsDay(string day) =>
        DateOnly.TryParseExact(day, AiBudgetDay.Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
