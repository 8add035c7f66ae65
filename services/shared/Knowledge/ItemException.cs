namespace Growbin.Knowledge;

/// <summary>A condition that moves an item to another category (e.g. contaminated → general waste).</summary>
/// <param name="Condition">
/// When a photo can show the condition, its machine-readable name (contaminated, broken, wet, worn-out; see
/// Growbin.Contracts.Pipeline.ItemConditions), so the rule can be applied without reading <paramref name="When"/>.
/// </param>
/// <param name="WhenEn">The <paramref name="When"/> in English.</param>
public sealed record ItemException(string When, string WhenEn, string CategoryId, string? Condition = null);
