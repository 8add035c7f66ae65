using System.Text.RegularExpressions;

namespace Growbin.Ai.Budget;

/// <summary>
/// A reservation of model calls on today's budget: the body of <c>POST /internal/ai-budget/reservations</c> and the
/// argument of <see cref="IAiBudgetActor.TryReserveAsync"/>. <paramref name="ReservationId"/> is the caller's name for
/// this one operation (<see cref="NewId"/>, once per model call): the actor answers a repeat of it, such as a retry of
/// the same call by the sidecar, with the first answer and counts nothing again. The usage of the call is recorded
/// under the same id (<see cref="AiBudgetCharge"/>).
/// </summary>
public sealed partial record AiBudgetReservation(string? ReservationId, int Calls)
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxIdLength = 64;

    /// <summary>A fresh id for one operation (32 lower-case hex digits).</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>1–64 characters of letters, digits, '-' and '_'.</summary>
    public static bool IsValidId(string? id) => id is not null && Id().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Id();
}
