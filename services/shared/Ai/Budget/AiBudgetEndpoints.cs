using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Growbin.Ai.Budget;

/// <summary>
/// The budget actor's host serves it to other apps by service invocation (sidecar-only routes; the Ingress routes
/// only <c>/api/v1/…</c>): <c>POST /internal/ai-budget/reservations</c> <c>{calls}</c> → <see cref="BudgetDecision"/>,
/// <c>POST /internal/ai-budget/{day}/usage</c> <see cref="AiUsage"/> → <see cref="AiBudgetUsage"/>, and
/// <c>GET /internal/ai-budget/{day}</c> → <see cref="AiBudgetUsage"/>. Each calls the actor through the host's own
/// <see cref="IAiBudget"/>.
/// </summary>
public static class AiBudgetEndpoints
{
    public const string Prefix = "internal/ai-budget";

    /// <summary>The most calls one reservation may take (a scan needs one, a chat message one).</summary>
    public const int MaxCallsPerReservation = 100;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapAiBudgetEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/" + Prefix).WithTags("internal").ExcludeFromDescription().AllowAnonymous();

        group.MapPost("/reservations", async (AiBudgetReservation request, IAiBudget budget, CancellationToken cancellationToken) =>
            request.Calls is < 1 or > MaxCallsPerReservation
                ? Invalid("calls", $"calls must be 1–{MaxCallsPerReservation}.")
                : Results.Ok(await budget.TryReserveAsync(request.Calls, cancellationToken)));

        group.MapPost("/{day}/usage", async (string day, AiUsage usage, IAiBudget budget, CancellationToken cancellationToken) =>
        {
            if (!IsDay(day))
            {
                return Invalid("day", $"day must be a UTC date ({AiBudgetDay.Format}).");
            }

            if (usage.PromptTokens < 0 || usage.CompletionTokens < 0 || usage.CostUsd < 0)
            {
                return Invalid("usage", "tokens and cost cannot be negative.");
            }

            await budget.RecordUsageAsync(day, usage, cancellationToken);
            return Results.Ok(await budget.GetUsageAsync(day, cancellationToken));
        });

        group.MapGet("/{day}", async (string day, IAiBudget budget, CancellationToken cancellationToken) =>
            IsDay(day)
                ? Results.Ok(await budget.GetUsageAsync(day, cancellationToken))
                : Invalid("day", $"day must be a UTC date ({AiBudgetDay.Format})."));

        return routes;
    }

    private static bool IsDay(string day) =>
        DateOnly.TryParseExact(day, AiBudgetDay.Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
