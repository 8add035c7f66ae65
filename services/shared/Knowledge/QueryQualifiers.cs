namespace Growbin.Knowledge;

/// <summary>
/// Words in a query that say what state the thing is in rather than what it is: "기름 묻은 피자 박스", "broken glass
/// bottle", "초록색 페트병". They are taken out before the name is matched — so the name itself can match exactly —
/// and reported as the condition they mean (the dataset's exception conditions), which moves the item to another bin.
/// A colour is kept as "유색"/"colored" when that names an item (a coloured PET bottle is not a clear one) and dropped
/// otherwise. "Clean", "empty" and the like are dropped and mean no condition.
/// </summary>
public static class QueryQualifiers
{
    /// <summary>The condition values (as Contracts' ItemConditions).</summary>
    public const string Contaminated = "contaminated";
    public const string Broken = "broken";
    public const string Wet = "wet";
    public const string WornOut = "worn-out";

    private const string Colour = "colour";
    private const string Clean = "";

    // Phrases of one to three words, compared by KoreanText.Normalize, so "기름묻은" and "기름 묻은" are the same.
    private static readonly (string Phrase, string Meaning)[] Phrases =
    [
        ("기름 묻은", Contaminated), ("기름진", Contaminated), ("음식물 묻은", Contaminated), ("음식 묻은", Contaminated),
        ("양념 묻은", Contaminated), ("소스 묻은", Contaminated), ("더러운", Contaminated), ("오염된", Contaminated),
        ("지저분한", Contaminated), ("안 씻은", Contaminated), ("씻지 않은", Contaminated), ("내용물 남은", Contaminated),
        ("내용물이 남은", Contaminated), ("내용물 있는", Contaminated), ("덜 먹은", Contaminated), ("먹다 남은", Contaminated),
        ("greasy", Contaminated), ("oily", Contaminated), ("dirty", Contaminated), ("stained", Contaminated),
        ("food stained", Contaminated), ("unwashed", Contaminated), ("with food", Contaminated), ("with contents", Contaminated),
        ("not empty", Contaminated), ("half full", Contaminated), ("full", Contaminated),
        ("깨진", Broken), ("부서진", Broken), ("금 간", Broken), ("broken", Broken), ("cracked", Broken), ("shattered", Broken),
        ("젖은", Wet), ("물에 젖은", Wet), ("곰팡이 핀", Wet), ("곰팡이 슨", Wet), ("wet", Wet), ("damp", Wet), ("soaked", Wet),
        ("mouldy", Wet), ("moldy", Wet),
        ("낡은", WornOut), ("해진", WornOut), ("찢어진", WornOut), ("worn", WornOut), ("worn out", WornOut), ("torn", WornOut),
        ("깨끗한", Clean), ("깨끗이 씻은", Clean), ("씻은", Clean), ("헹군", Clean), ("비운", Clean), ("다 쓴", Clean),
        ("clean", Clean), ("rinsed", Clean), ("washed", Clean), ("empty", Clean), ("emptied", Clean),
        ("유색", Colour), ("색깔 있는", Colour), ("색 있는", Colour), ("초록", Colour), ("초록색", Colour), ("녹색", Colour),
        ("갈색", Colour), ("파란", Colour), ("파란색", Colour), ("파랑", Colour), ("빨간", Colour), ("빨간색", Colour),
        ("검은", Colour), ("검은색", Colour), ("검정", Colour), ("colored", Colour), ("coloured", Colour), ("green", Colour),
        ("brown", Colour), ("blue", Colour), ("red", Colour), ("black", Colour), ("tinted", Colour),
    ];

    private static readonly Dictionary<string, string> ByPhrase =
        Phrases.ToDictionary(p => KoreanText.Normalize(p.Phrase), p => p.Meaning, StringComparer.Ordinal);

    private const int LongestPhraseWords = 3;

    /// <summary>
    /// The query's words without its qualifiers, with a colour as <c>유색</c>/<c>colored</c> (<see cref="Read.WithColour"/>)
    /// and without it (<see cref="Read.Remaining"/>), and the conditions it named. Null when it has no qualifier, or
    /// nothing but qualifiers.
    /// </summary>
    public static Read? Find(string query)
    {
        var words = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>();
        var coloured = new List<string>();
        var conditions = new List<string>();
        var found = false;
        for (var i = 0; i < words.Length;)
        {
            var taken = 0;
            for (var length = Math.Min(LongestPhraseWords, words.Length - i); length >= 1 && taken == 0; length--)
            {
                if (ByPhrase.TryGetValue(KoreanText.Normalize(string.Concat(words.AsSpan(i, length))), out var meaning))
                {
                    taken = length;
                    found = true;
                    if (meaning == Colour)
                    {
                        coloured.Add(words.Skip(i).Take(length).Any(w => w.Any(c => c is >= '\uAC00' and <= '\uD7A3')) ? "유색" : "colored");
                    }
                    else if (meaning.Length > 0 && !conditions.Contains(meaning))
                    {
                        conditions.Add(meaning);
                    }
                }
            }

            if (taken == 0)
            {
                kept.Add(words[i]);
                coloured.Add(words[i]);
                taken = 1;
            }

            i += taken;
        }

        return found && kept.Count > 0 ? new Read(string.Join(' ', kept), string.Join(' ', coloured), conditions) : null;
    }

    /// <param name="Remaining">The query without any qualifier.</param>
    /// <param name="WithColour">The query with a colour kept as 유색/colored (equal to Remaining without one).</param>
    /// <param name="Conditions">The conditions named, in order, each once.</param>
    public sealed record Read(string Remaining, string WithColour, IReadOnlyList<string> Conditions);
}
