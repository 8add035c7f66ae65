namespace Growbin.Ai.Budget;

/// <summary>Configuration section <c>AiBudget</c>: the limits of one UTC day, for all apps together.</summary>
public sealed class AiBudgetOptions
{
    public const string SectionName = "AiBudget";

    /// <summary>Model calls per day; 0 refuses every call.</summary>
    public int DailyCalls { get; set; } = 1000;

    /// <summary>USD per day; unset or 0 means no cost limit (the call limit still applies).</summary>
    public decimal? DailyCostUsd { get; set; }
}
