namespace Growbin.Contracts.Pipeline;

/// <summary>
/// The states a photo can show that change where an item goes. The knowledge dataset tags an item's exceptions with
/// these, so <c>rules</c> can apply the one that fits (a pizza box with grease → general waste).
/// </summary>
public static class ItemConditions
{
    /// <summary>Food, oil or contents stuck on that rinsing will not remove.</summary>
    public const string Contaminated = "contaminated";

    /// <summary>Cracked or shattered (glass, ceramics).</summary>
    public const string Broken = "broken";

    /// <summary>Soaked or mouldy.</summary>
    public const string Wet = "wet";

    /// <summary>Worn out past reuse (clothes, shoes).</summary>
    public const string WornOut = "worn-out";

    public static readonly IReadOnlyList<string> All = [Contaminated, Broken, Wet, WornOut];
}
