namespace Growbin.Knowledge;

/// <param name="Score">0–1; 1 for an exact id.</param>
public sealed record ItemCandidate(Item Item, double Score, MatchKind Kind);
