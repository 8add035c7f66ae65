namespace Growbin.Knowledge;

/// <summary>
/// English queries as people type them: words in the plural ("banana peels", "light bulbs", "batteries") and names
/// inside a sentence ("how do I throw away a pizza box"), where a name must match whole words, not letters inside
/// another word ("can" is not in "scanner").
/// </summary>
public static class EnglishText
{
    /// <summary>The text's words, lower-case, each in the singular when it is an English plural; other words as they are.</summary>
    public static string SingularWords(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(KoreanText.Normalize)
            .Where(w => w.Length > 0)
            .Select(Singular));

    /// <summary>True when the text is only ASCII letters, digits, spaces and punctuation (an English name or query).</summary>
    public static bool IsLatin(string text) => text.Any(char.IsAsciiLetter) && text.All(c => c < 128);

    /// <summary>"peels" → "peel", "batteries" → "battery", "boxes" → "box", "knives" → "knife"; "glass" stays.</summary>
    public static string Singular(string word)
    {
        if (word.Length < 4 || !word.All(char.IsAsciiLetterLower))
        {
            return word;
        }

        if (word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("ives", StringComparison.Ordinal))
        {
            return word[..^3] + "fe";
        }

        if (word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
            || word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("sses", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        return word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
            ? word[..^1]
            : word;
    }

    /// <summary>
    /// Whether <paramref name="words"/> (space-separated) holds <paramref name="phrase"/> as whole consecutive words.
    /// Runs once per name on every search that scans, so it allocates nothing.
    /// </summary>
    public static bool ContainsWords(string words, string phrase)
    {
        if (phrase.Length == 0)
        {
            return false;
        }

        for (var start = 0; start + phrase.Length <= words.Length;)
        {
            var found = words.AsSpan(start).IndexOf(phrase, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            var at = start + found;
            var end = at + phrase.Length;
            if ((at == 0 || words[at - 1] == ' ') && (end == words.Length || words[end] == ' '))
            {
                return true;
            }

            start = at + 1;
        }

        return false;
    }
}
