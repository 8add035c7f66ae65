using System.Text;

namespace Growbin.Knowledge;

/// <summary>
/// Text normalisation and distance for Korean names: NFC, no spacing or punctuation, a trailing particle dropped,
/// and edit distance counted on jamo so that one wrong vowel costs one edit, not a whole syllable.
/// </summary>
public static class KoreanText
{
    private const int SyllableBase = 0xAC00;
    private const int SyllableLast = 0xD7A3;
    private const int InitialCount = 19;
    private const int VowelCount = 21;
    private const int FinalCount = 28;

    // Longest first, so "에서" is removed before "서" could be considered.
    private static readonly string[] Particles =
        ["으로는", "에서는", "이랑", "에서", "으로", "처럼", "까지", "부터", "이나", "은", "는", "이", "가", "을", "를", "의", "에", "도", "로", "랑", "나", "와", "과"];

    // What people put after the thing they ask about: a polite ending, a copula, a question, "how do I throw it
    // away". Longest first; dropped repeatedly ("건전지는요" → "건전지는" → particle → "건전지").
    private static readonly string[] QueryEndings =
        [
            "어떻게버려야하나요", "어떻게버려야해요", "어떻게버리나요", "어디에버리나요", "어떻게버려요", "어디에버려요", "어떻게버려",
            "어디에버려", "어디버려요", "버리는방법", "버리나요", "분리수거", "분리배출", "버리는법", "어떻게", "버려요", "버리기",
            "인가요", "일까요", "입니다", "방법", "에요", "예요", "인데", "요", "들",
        ];

    /// <summary>NFC, lower case, letters and digits only (spaces, dots, dashes and the like removed).</summary>
    public static string Normalize(string text)
    {
        // Hangul is composed here by its own algorithm: the apps run with invariant globalization, where
        // string.Normalize has no tables and leaves decomposed jamo (as some keyboards and macOS send) as they are.
        var composed = ComposeHangul(text.Normalize(NormalizationForm.FormC));
        var builder = new StringBuilder(composed.Length);
        foreach (var c in composed)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The word with one trailing particle removed, when at least <paramref name="minimumRemaining"/> characters (two
    /// unless told) remain: "영수증은" → "영수증", but "종이" stays.
    /// </summary>
    public static string WithoutParticle(string normalized, int minimumRemaining = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumRemaining, 1);
        foreach (var particle in Particles)
        {
            if (normalized.Length - particle.Length >= minimumRemaining && normalized.EndsWith(particle, StringComparison.Ordinal))
            {
                return normalized[..^particle.Length];
            }
        }

        return normalized;
    }

    /// <summary>
    /// The query without what follows the thing asked about: a polite ending (요), a copula (에요, 인가요), a plural (들)
    /// or "how do I throw it away" (어떻게 버려요, 버리는 법), dropped repeatedly while at least
    /// <paramref name="minimumRemaining"/> characters (two unless told) remain. A particle before the ending stays;
    /// <see cref="WithoutParticle"/> removes it.
    /// </summary>
    public static string WithoutQueryEnding(string normalized, int minimumRemaining = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumRemaining, 1);
        var text = normalized;
        for (var dropped = true; dropped;)
        {
            dropped = false;
            foreach (var ending in QueryEndings)
            {
                if (text.Length - ending.Length >= minimumRemaining && text.EndsWith(ending, StringComparison.Ordinal))
                {
                    text = text[..^ending.Length];
                    dropped = true;
                    break;
                }
            }
        }

        return text;
    }

    /// <summary>Hangul syllables split into their jamo (initial, vowel, optional final); other characters kept.</summary>
    public static string ToJamo(string text)
    {
        var builder = new StringBuilder(text.Length * 3);
        foreach (var c in text)
        {
            if (c is >= (char)SyllableBase and <= (char)SyllableLast)
            {
                var index = c - SyllableBase;
                builder.Append((char)(0x1100 + (index / (VowelCount * FinalCount))));
                builder.Append((char)(0x1161 + (index % (VowelCount * FinalCount) / FinalCount)));
                var final = index % FinalCount;
                if (final != 0)
                {
                    builder.Append((char)(0x11A7 + final));
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Edit distance where swapping two neighbours counts once (optimal string alignment), so "reciept" is one
    /// edit from "receipt", as a typo is.
    /// </summary>
    public static int EditDistance(string a, string b) => EditDistance(a, b, Math.Max(a.Length, b.Length));

    /// <summary>
    /// The letters a text holds, one bit each (by code point modulo 128: the initial, vowel and final jamo blocks do not
    /// collide; a rare Latin letter sharing a vowel's bit only weakens the bound below).
    /// </summary>
    public static UInt128 LettersOf(string text)
    {
        var letters = UInt128.Zero;
        foreach (var c in text)
        {
            letters |= UInt128.One << (c & 127);
        }

        return letters;
    }

    /// <summary>
    /// A lower bound of <see cref="EditDistance(string, string)"/> from the <see cref="LettersOf"/> of two texts: every
    /// letter one side has and the other lacks needs an edit of its own, and an insertion, deletion, substitution or
    /// transposition removes at most one such letter from a side. It costs a few instructions and rules out most names
    /// before the distance table is filled.
    /// </summary>
    public static int MissingLetters(UInt128 a, UInt128 b) =>
        (int)UInt128.Max(UInt128.PopCount(a & ~b), UInt128.PopCount(b & ~a));

    /// <summary>
    /// <see cref="EditDistance(string, string)"/> when it is at most <paramref name="maxDistance"/>, otherwise
    /// <paramref name="maxDistance"/> + 1. Only a band of the table around its diagonal is filled and the work stops as
    /// soon as a row exceeds the bound, so ruling a name out costs a few cells, not the whole table.
    /// </summary>
    public static int EditDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int maxDistance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        var over = maxDistance + 1;
        if (Math.Abs(a.Length - b.Length) > maxDistance)
        {
            return over;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return Math.Max(a.Length, b.Length);
        }

        // Three rows of the table; on the stack for names of ordinary length, so a search allocates nothing per name.
        const int StackLimit = 192;
        var width = b.Length + 1;
        int[]? rented = null;
        var rows = width * 3 <= StackLimit
            ? stackalloc int[width * 3]
            : (rented = System.Buffers.ArrayPool<int>.Shared.Rent(width * 3)).AsSpan(0, width * 3);
        try
        {
            var previous2 = rows[..width];
            var previous = rows.Slice(width, width);
            var current = rows.Slice(2 * width, width);
            for (var j = 0; j < width; j++)
            {
                previous[j] = Math.Min(j, over);
            }

            for (var i = 1; i <= a.Length; i++)
            {
                // Cells further than maxDistance from the diagonal cost more than maxDistance: they stay "over".
                var low = Math.Max(1, i - maxDistance);
                var high = Math.Min(b.Length, i + maxDistance);
                current[0] = Math.Min(i, over);
                current[low - 1] = low == 1 ? current[0] : over;
                var rowMinimum = current[low - 1];
                for (var j = low; j <= high; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        value = Math.Min(value, previous2[j - 2] + 1);
                    }

                    current[j] = Math.Min(value, over);
                    rowMinimum = Math.Min(rowMinimum, current[j]);
                }

                if (high < b.Length)
                {
                    current[high + 1] = over;
                }

                if (rowMinimum >= over)
                {
                    return over;
                }

                var recycled = previous2;
                previous2 = previous;
                previous = current;
                current = recycled;
            }

            return previous[b.Length];
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Conjoining jamo composed into precomposed syllables: the Hangul part of NFC (Unicode §3.12), initial + vowel and
    /// then a final onto a syllable that has none. Some keyboards and macOS send 한 as ᄒ+ᅡ+ᆫ; composed, it counts,
    /// sorts and matches as one character. Needed because under invariant globalization string.Normalize has no tables.
    /// </summary>
    public static string ComposeHangul(string text)
    {
        if (!text.Any(c => c is >= '\u1100' and <= '\u11FF'))
        {
            return text;
        }

        var composed = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (composed.Length > 0)
            {
                var last = composed[^1];
                var initial = last - 0x1100;
                var vowel = c - 0x1161;
                if (initial is >= 0 and < InitialCount && vowel is >= 0 and < VowelCount)
                {
                    composed[^1] = (char)(SyllableBase + (((initial * VowelCount) + vowel) * FinalCount));
                    continue;
                }

                var syllable = last - SyllableBase;
                var final = c - 0x11A7;
                if (syllable is >= 0 and < InitialCount * VowelCount * FinalCount && syllable % FinalCount == 0
                    && final is > 0 and < FinalCount)
                {
                    composed[^1] = (char)(last + final);
                    continue;
                }
            }

            composed.Append(c);
        }

        return composed.ToString();
    }
}
