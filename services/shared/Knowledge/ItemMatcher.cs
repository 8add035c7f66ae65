namespace Growbin.Knowledge;

/// <summary>
/// From a model's label or a person's words to ranked items: exact id, then name or alias (normalised), then the same
/// without a trailing ending or particle ("영수증은요?", "우유팩 버리는 법") or in the singular ("banana peels"); a query
/// naming a category and no item falls back to that category; only then containment (an English name as whole words)
/// and jamo-level fuzzy matching over every name. An item whose name the query contains ranks above any fuzzy match.
/// Qualifiers (<see cref="QueryQualifiers"/>: "기름 묻은", "broken", "초록색") are taken out when the rest then names an
/// item, and reported as <see cref="MatchResult.Conditions"/>. Weak matches are dropped rather than guessed, and only an
/// exact name or a close typo can reach a confident score.
/// </summary>
public sealed class ItemMatcher(KnowledgeBase knowledge)
{
    /// <summary>Below this jamo similarity a fuzzy match is noise (e.g. 컵 vs 캔).</summary>
    public const double FuzzyThreshold = 0.75;

    private const double NameScore = 0.95;
    private const double NameWithoutParticleScore = 0.9;
    /// <summary>
    /// A typo is trusted only when one jamo in eight or more is off (영수중 for 영수증): 0.875 × 0.92 reaches
    /// <see cref="MatchResult.ConfidentScore"/>, one in seven (킥보드 for 키보드) does not.
    /// </summary>
    private const double FuzzyWeight = 0.92;
    private const int MinimumContainedLength = 2;

    /// <summary>A query that only contains a name stays below <see cref="MatchResult.ConfidentScore"/>.</summary>
    private const double ContainedWeight = 0.29;

    private readonly KnowledgeBase.NameEntry[] _names = [.. knowledge.Names];
    private readonly Dictionary<string, KnowledgeBase.NameEntry> _byName = knowledge.Names.ToDictionary(e => e.Key, StringComparer.Ordinal);

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

        // The whole query first: "깨진 유리" is an item's own name. Then without its qualifiers, when what remains is
        // a name ("기름 묻은 피자 박스" → 피자 박스, contaminated). Names are dictionary look-ups, so every form is tried
        // by name before any form pays for a scan over all names.
        if (ByName(query, normalized, limit) is { } named)
        {
            return named;
        }

        var qualified = QueryQualifiers.Find(query);
        if (qualified is not null)
        {
            foreach (var form in new[] { qualified.WithColour, qualified.Remaining }.Distinct(StringComparer.Ordinal))
            {
                if (ByName(query, KoreanText.Normalize(form), limit, EnglishText.SingularWords(form)) is { } rest)
                {
                    return rest with { Conditions = qualified.Conditions };
                }
            }
        }

        // No form is a name: the whole query is scanned, and without its qualifiers when the whole finds nothing.
        var whole = MatchWords(query, normalized, limit);
        if (qualified is null)
        {
            return whole;
        }

        if (whole.IsNoMatch)
        {
            var remaining = MatchWords(query, KoreanText.Normalize(qualified.Remaining), limit, EnglishText.SingularWords(qualified.Remaining));
            if (!remaining.IsNoMatch)
            {
                return remaining with { Conditions = qualified.Conditions };
            }
        }

        return whole with { Conditions = qualified.Conditions };
    }

    private MatchResult? ByName(string query, string normalized, int limit, string? words = null)
    {
        var result = MatchWords(query, normalized, limit, words, scan: false);
        return IsByName(result) ? result : null;
    }

    private static bool IsByName(MatchResult result) => result.Best is { Kind: <= MatchKind.NameWithoutParticle };

    private MatchResult MatchWords(string query, string normalized, int limit, string? words = null, bool scan = true)
    {
        if (normalized.Length == 0)
        {
            return new MatchResult(query, [], null);
        }

        var forms = new QueryForms(normalized, words ?? EnglishText.SingularWords(query));
        var best = new Dictionary<string, ItemCandidate>(StringComparer.Ordinal);

        // A name, as typed or without its ending and particle, is the answer: near-misses add nothing but noise.
        if (_byName.TryGetValue(forms.Normalized, out var exact))
        {
            Add(best, exact, NameScore, MatchKind.Name);
        }
        else
        {
            foreach (var form in forms.Shortened)
            {
                if (_byName.TryGetValue(form, out var shortened))
                {
                    Add(best, shortened, NameWithoutParticleScore, MatchKind.NameWithoutParticle);
                }
            }
        }

        if (best.Count == 0)
        {
            // "종이팩" names a category and no item: the category says more than a near-miss item name would.
            if (FindCategory(forms) is { } category)
            {
                return new MatchResult(query, [], category);
            }

            foreach (var entry in scan ? _names : [])
            {
                if (Score(entry, forms) is { } scored)
                {
                    Add(best, entry, scored.Score, scored.Kind);
                }
            }
        }

        if (best.Count == 0)
        {
            return new MatchResult(query, [], null);
        }

        // Names, then names the query contains, then typos: a contained name is what the person wrote, a typo a guess.
        var candidates = best.Values
            .OrderBy(c => c.Kind < MatchKind.Contains ? 0 : (int)c.Kind)
            .ThenByDescending(c => c.Score)
            .ThenBy(c => c.Kind)
            .ThenBy(c => c.Item.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return new MatchResult(query, candidates, null);
    }

    private static void Add(Dictionary<string, ItemCandidate> best, KnowledgeBase.NameEntry entry, double score, MatchKind kind)
    {
        // An ambiguous name spreads its score over the items it names, so none of them reads as confident.
        var share = score / entry.Items.Count;
        foreach (var item in entry.Items)
        {
            if (!best.TryGetValue(item.Id, out var current) || current.Score < share)
            {
                best[item.Id] = new ItemCandidate(item, share, kind);
            }
        }
    }

    private Category? FindCategory(QueryForms query)
    {
        if (knowledge.FindCategoryByName(query.Normalized) is { } category)
        {
            return category;
        }

        foreach (var form in query.Shortened)
        {
            if (knowledge.FindCategoryByName(form) is { } named)
            {
                return named;
            }
        }

        return null;
    }

    private static (double Score, MatchKind Kind)? Score(KnowledgeBase.NameEntry entry, QueryForms query)
    {
        var contained = entry.Words is { } words
            ? entry.Key.Length >= MinimumContainedLength && EnglishText.ContainsWords(query.Words, words)
            : entry.Key.Length >= MinimumContainedLength && query.Stripped.Contains(entry.Key, StringComparison.Ordinal);
        if (contained)
        {
            // "깨진유리조각" contains "깨진유리": the more of the query the name covers, the surer, but never sure.
            return (0.5 + (ContainedWeight * entry.Key.Length / query.Stripped.Length), MatchKind.Contains);
        }

        var similarity = Similarity(entry.Jamo, entry.Letters, query.StrippedJamo, query.StrippedLetters);
        return similarity >= FuzzyThreshold ? (similarity * FuzzyWeight, MatchKind.Fuzzy) : null;
    }

    private static double Similarity(string a, UInt128 aLetters, string b, UInt128 bLetters)
    {
        var longest = Math.Max(a.Length, b.Length);
        // The most edits a pair may differ by and still reach the threshold; the distance stops counting beyond it.
        var allowed = (int)Math.Floor((longest * (1 - FuzzyThreshold)) + 1e-9);
        if (longest == 0 || Math.Abs(a.Length - b.Length) > allowed || KoreanText.MissingLetters(aLetters, bLetters) > allowed)
        {
            return 0;
        }

        var distance = KoreanText.EditDistance(a, b, allowed);
        return distance > allowed ? 0 : 1 - ((double)distance / longest);
    }

    /// <summary>The forms of one query, computed once per search.</summary>
    private sealed class QueryForms
    {
        public QueryForms(string normalized, string words)
        {
            Normalized = normalized;
            Words = words;
            var withoutEnding = KoreanText.WithoutQueryEnding(normalized);
            Stripped = KoreanText.WithoutParticle(withoutEnding);
            StrippedJamo = KoreanText.ToJamo(Stripped);
            StrippedLetters = KoreanText.LettersOf(StrippedJamo);

            // A one-syllable name keeps its particle under the two-character rule ("캔은", "랩는요"): try it bare too.
            var stem = KoreanText.WithoutParticle(KoreanText.WithoutQueryEnding(normalized, 1), 1);
            Shortened = new[] { withoutEnding, Stripped, stem.Length == 1 ? stem : normalized, words.Replace(" ", "", StringComparison.Ordinal) }
                .Where(form => form != normalized)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
        }

        public string Normalized { get; }

        /// <summary>The query's words in the singular ("banana peel"), for English names.</summary>
        public string Words { get; }

        /// <summary>Without "요", "인가요", "버리는 법" and the like, and then without a particle: "건전지는요" → "건전지".</summary>
        public string Stripped { get; }

        public string StrippedJamo { get; }

        public UInt128 StrippedLetters { get; }

        /// <summary>The query without its ending, without its particle too, and a one-syllable stem; none equal to the query.</summary>
        public string[] Shortened { get; }
    }
}
