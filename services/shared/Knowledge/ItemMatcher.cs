namespace Growbin.Knowledge;

/// <summary>
/// From a model's label or a person's words to ranked items: exact id, then name or alias (normalised), then the same
/// without a trailing ending or particle ("영수증은요?", "우유팩 버리는 법"), then containment, then jamo-level fuzzy
/// matching. A query naming a category, and no item by name, falls back to that category. Weak matches are dropped
/// rather than guessed, and only an exact name or a close typo can reach a confident score.
/// </summary>
public sealed class ItemMatcher(KnowledgeBase knowledge)
{
    /// <summary>Below this jamo similarity a fuzzy match is noise (e.g. 컵 vs 캔).</summary>
    public const double FuzzyThreshold = 0.75;

    private const int MinimumContainedLength = 2;

    /// <summary>A query that only contains a name stays below <see cref="MatchResult.ConfidentScore"/>.</summary>
    private const double ContainedWeight = 0.29;

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

        var forms = new QueryForms(normalized);
        var best = new Dictionary<string, ItemCandidate>(StringComparer.Ordinal);
        var named = false;
        foreach (var entry in knowledge.Names)
        {
            if (Score(entry, forms) is not { } scored)
            {
                continue;
            }

            named |= scored.Kind <= MatchKind.NameWithoutParticle;
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

        // "종이팩" names a category and no item: the category says more than a near-miss item name would.
        var category = named ? null : FindCategory(forms);
        if (category is not null || best.Count == 0)
        {
            return new MatchResult(query, [], category);
        }

        var candidates = best.Values
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Kind)
            .ThenBy(c => c.Item.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return new MatchResult(query, candidates, null);
    }

    private Category? FindCategory(QueryForms query) =>
        knowledge.FindCategoryByName(query.Normalized)
        ?? knowledge.FindCategoryByName(query.WithoutEnding)
        ?? knowledge.FindCategoryByName(query.Stripped);

    private static (double Score, MatchKind Kind)? Score(KnowledgeBase.NameEntry entry, QueryForms query)
    {
        if (entry.Key == query.Normalized)
        {
            return (0.95, MatchKind.Name);
        }

        if (entry.Key == query.WithoutEnding || entry.Key == query.Stripped)
        {
            return (0.9, MatchKind.NameWithoutParticle);
        }

        if (entry.Key.Length >= MinimumContainedLength && query.Stripped.Contains(entry.Key, StringComparison.Ordinal))
        {
            // "깨진유리조각" contains "깨진유리": the more of the query the name covers, the surer, but never sure.
            return (0.5 + (ContainedWeight * entry.Key.Length / query.Stripped.Length), MatchKind.Contains);
        }

        var similarity = Similarity(entry.Jamo, query.StrippedJamo);
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

    /// <summary>The forms of one query, computed once per search.</summary>
    private sealed class QueryForms
    {
        public QueryForms(string normalized)
        {
            Normalized = normalized;
            WithoutEnding = KoreanText.WithoutQueryEnding(normalized);
            Stripped = KoreanText.WithoutParticle(WithoutEnding);
            StrippedJamo = KoreanText.ToJamo(Stripped);
        }

        public string Normalized { get; }

        /// <summary>Without "요", "인가요", "버리는 법" and the like: "건전지는요" → "건전지는".</summary>
        public string WithoutEnding { get; }

        /// <summary>Also without a particle: "건전지는" → "건전지".</summary>
        public string Stripped { get; }

        public string StrippedJamo { get; }
    }
}
