namespace Growbin.Contracts.Pipeline;

/// <summary>
/// The output of <c>rules</c> and the input of <c>respond</c>: how to put the scanned thing out. When the match is only
/// at category level (<see cref="Match"/> = <see cref="RuleMatch.Category"/>) or <see cref="LowConfidence"/> is set,
/// the answer asks a clarifying question or a retake instead of stating the item's rule as fact.
/// </summary>
/// <param name="Item">The matched item; absent for a category-level rule.</param>
/// <param name="Category">Where it goes: the item's category, or the one an applied exception moves it to.</param>
/// <param name="Steps">What to do, in order.</param>
/// <param name="AppliedException">The exception the photo's condition triggered, if any.</param>
/// <param name="OtherExceptions">Exceptions the photo could not confirm; the answer mentions them as "if …".</param>
/// <param name="DropOff">Where it goes when not a household bin (약국, 주민센터, 전지 수거함, 폐가전 무상방문수거).</param>
/// <param name="LocalRulesDiffer">The answer should tell the person to check their 시·군·구 rule.</param>
/// <param name="Alternatives">Other items the words could name, best first, for a clarifying question.</param>
/// <param name="Language">"ko" or "en": the language of every text here (steps, cautions, where, exceptions).</param>
/// <param name="Scope">"local" when <paramref name="Region"/>'s own rule is given, else "national".</param>
/// <param name="Region">Whose rule it is ("서울특별시" / "Seoul") when local, else null.</param>
/// <param name="National">With a local rule: the national rule, what applies elsewhere.</param>
/// <param name="LocalNote">With the national rule of an item whose rule differs by region: the other rule some apply.</param>
public sealed record DisposalRule(
    RuleMatch Match,
    bool LowConfidence,
    RuleItem? Item,
    RuleCategory Category,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> Cautions,
    RuleException? AppliedException,
    IReadOnlyList<RuleException> OtherExceptions,
    string? DropOff,
    bool LocalRulesDiffer,
    IReadOnlyList<string> SourceIds,
    IReadOnlyList<RuleItem> Alternatives,
    string DatasetVersion,
    string Language = "ko",
    string Scope = RuleScopes.National,
    string? Region = null,
    RuleFallback? National = null,
    string? LocalNote = null);

/// <summary>The values of <see cref="DisposalRule.Scope"/>.</summary>
public static class RuleScopes
{
    public const string National = "national";
    public const string Local = "local";
}
