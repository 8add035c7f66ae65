using System.Globalization;

namespace Growbin.Ai.Budget;

/// <summary>The budget's day: a UTC calendar date, which is also the budget actor's id.</summary>
public static class AiBudgetDay
{
    public const string Format = "yyyy-MM-dd";

    public static string Of(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
