namespace Growbin.Knowledge;

/// <summary>
/// From a model's label or a person's words to ranked items: exact id, then name or alias (normalised), then the same
/// without a trailing particle, then containment, then jamo-level fuzzy matching; a query naming a category falls
/// back to that category. Weak matches are dropped rather than guessed.
/// </summary>
public sealed class ItemMatcher(KnowledgeBase knowledge)
{
    /// <summary>Below this jamo similarity a fuzzy match is noise (e.g. 컵 vs 캔).</summary>
    public const double FuzzyThreshold = 0.75;

    private const int MinimumContainedLength = 2;

    public MatchResult Match(string query, int limit = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var normalized = KoreanText.Normalize(query);
        if (normalized.Length == 0)
        {
            return new MatchResult(query, [], null);
        }

        if (knowledge.FindItem(query.Trim()) is { } byId)
        {
            return new MatchResult(query, [new ItemCandidate(byId, 1, MatchKind.Id)], null);
        }

        var stripped = KoreanText.WithoutParticle(normalized);
        var strippedJamo = KoreanText.ToJamo(stripped);
        var best = new Dictionary<string, ItemCandidate>(StringComparer.Ordinal);
        foreach (var entry in knowledge.Names)
        {
            if (Score(entry, normalized, stripped, strippedJamo) is not { } scored)
            {
                continue;
            }

            // An ambiguous name spreads its score over the items it names, so none of them reads as confident.
            var share = scored.Score / entry.Items.Count;
            foreach (var item in entry.Items)
            {
                if (!best.TryGetValue(item.Id, out var current) || current.Score < share)
                {
                    best[item.Id] = new ItemCandidate(item, share, scored.Kind);
                }
            }
        }

        var candidates = best.Values.OrderByDescending(c => c.Score).ThenBy(c => c.Kind).ThenBy(c => c.Item.Id, StringComparer.Ordinal).Take(limit).ToList();
        var category = candidates.Count == 0 ? knowledge.FindCategoryByName(stripped) : null;
        return new MatchResult(query, candidates, category);
    }

    private static (double Score, MatchKind Kind)? Score(KnowledgeBase.NameEntry entry, string normalized, string stripped, string strippedJamo)
    {
        if (entry.Key == normalized)
        {
            return (0.95, MatchKind.Name);
        }

        if (entry.Key == stripped)
        {
            return (0.9, MatchKind.NameWithoutParticle);
        }

        if (entry.Key.Length >= MinimumContainedLength && stripped.Contains(entry.Key, StringComparison.Ordinal))
        {
            // "깨진유리조각" contains "깨진유리": the more of the query the name covers, the surer.
            return (0.5 + (0.35 * entry.Key.Length / stripped.Length), MatchKind.Contains);
        }

        var similarity = Similarity(entry.Jamo, strippedJamo);
        return similarity >= FuzzyThreshold ? (similarity * 0.95, MatchKind.Fuzzy) : null;
    }

    private static double Similarity(string a, string b)
    {
        var longest = Math.Max(a.Length, b.Length);
        // Length alone already rules the pair out: skip the edit distance.
        if (longest == 0 || (double)Math.Abs(a.Length - b.Length) / longest > 1 - FuzzyThreshold)
        {
            return 0;
        }

        return 1 - ((double)KoreanText.EditDistance(a, b) / longest);
    }
}
