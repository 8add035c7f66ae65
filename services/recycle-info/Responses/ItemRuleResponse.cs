namespace Growbin.RecycleInfo;

/// <summary>
/// The rule that applies where the person lives: the region's own (<see cref="Scope"/> "local", <see cref="Region"/>
/// names it) or, without one, the national rule ("national"). The item's top-level fields are always the national rule,
/// the fallback shown beside a local one.
/// </summary>
/// <param name="Scope">"local" or "national".</param>
/// <param name="Region">The region whose rule this is ("서울특별시"), or null for the national rule.</param>
public sealed record ItemRuleResponse(
    string Scope,
    string? Region,
    CategoryRef Category,
    string Where,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> Cautions,
    string? DropOff,
    IReadOnlyList<SourceResponse> Sources);
