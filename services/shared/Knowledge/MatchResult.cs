namespace Growbin.Knowledge;

/// <summary>
/// Ranked items for a query, or the category it names, or nothing. Callers answer from <see cref="Best"/> only when
/// <see cref="IsConfident"/>; otherwise they ask a clarifying question instead of guessing.
/// </summary>
public sealed record MatchResult(string Query, IReadOnlyList<ItemCandidate> Candidates, Category? Category)
{
    public const double ConfidentScore = 0.8;

    /// <summary>
    /// The conditions the query's qualifiers named ("기름 묻은" → contaminated, "broken" → broken), in order; an item's
    /// exception with one of them applies.
    /// </summary>
    public IReadOnlyList<string> Conditions { get; init; } = [];
    private const double ClearLead = 0.05;

    public ItemCandidate? Best => Candidates.Count > 0 ? Candidates[0] : null;

    /// <summary>A strong best candidate that clearly leads the next one.</summary>
    public bool IsConfident =>
        Best is { Score: >= ConfidentScore } best && (Candidates.Count == 1 || best.Score - Candidates[1].Score >= ClearLead);

    public bool IsNoMatch => Candidates.Count == 0 && Category is null;
}
