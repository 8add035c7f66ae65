using System.Text;

namespace Growbin.UserInfo.Profiles;

/// <summary>
/// Composes conjoining Hangul jamo into precomposed syllables (the Hangul part of NFC, Unicode §3.12). Some keyboards
/// and macOS file names send "한" as ᄒ+ᅡ+ᆫ; stored composed, it counts, sorts and matches as one character. The app
/// runs with invariant globalization, where <see cref="string.Normalize()"/> leaves such text unchanged.
/// </summary>
public static class HangulText
{
    private const int SyllableBase = 0xAC00;
    private const int LeadBase = 0x1100;
    private const int VowelBase = 0x1161;
    private const int TrailBase = 0x11A7;
    private const int LeadCount = 19;
    private const int VowelCount = 21;
    private const int TrailCount = 28;
    private const int SyllableCount = LeadCount * VowelCount * TrailCount;

    public static string Compose(string text)
    {
        if (!text.Any(c => c is >= (char)LeadBase and <= (char)0x11FF))
        {
            return text;
        }

        var composed = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (composed.Length > 0)
            {
                var last = composed[^1];
                var lead = last - LeadBase;
                var vowel = c - VowelBase;
                if (lead is >= 0 and < LeadCount && vowel is >= 0 and < VowelCount)
                {
                    composed[^1] = (char)(SyllableBase + ((lead * VowelCount) + vowel) * TrailCount);
                    continue;
                }

                var syllable = last - SyllableBase;
                var trail = c - TrailBase;
                if (syllable is >= 0 and < SyllableCount && syllable % TrailCount == 0 && trail is > 0 and < TrailCount)
                {
                    composed[^1] = (char)(last + trail);
                    continue;
                }
            }

            composed.Append(c);
        }

        return composed.ToString();
    }
}
