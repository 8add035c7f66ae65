namespace Growbin.Knowledge;

/// <summary>How a query reached an item, strongest first.</summary>
public enum MatchKind
{
    Id,
    Name,
    NameWithoutParticle,
    Contains,
    Fuzzy,
}
