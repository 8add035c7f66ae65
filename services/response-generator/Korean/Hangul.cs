namespace Growbin.ResponseGenerator.Korean;

/// <summary>
/// Hangul syllables as (initial, vowel, final) jamo indices, by the Unicode composition formula: no tables, so it works
/// under invariant globalization.
/// </summary>
public static class Hangul
{
    public const int NoFinal = 0;
    public const int FinalNieun = 4;
    public const int FinalRieul = 8;
    public const int FinalBieup = 17;
    public const int FinalHieut = 27;

    public const int InitialIeung = 11;

    public const int VowelA = 0;
    public const int VowelAe = 1;
    public const int VowelYa = 2;
    public const int VowelYae = 3;
    public const int VowelEo = 4;
    public const int VowelE = 5;
    public const int VowelYeo = 6;
    public const int VowelYe = 7;
    public const int VowelO = 8;
    public const int VowelWa = 9;
    public const int VowelWae = 10;
    public const int VowelOe = 11;
    public const int VowelU = 13;
    public const int VowelWo = 14;
    public const int VowelWe = 15;
    public const int VowelEu = 18;
    public const int VowelI = 20;

    private const int SyllableBase = 0xAC00;
    private const int SyllableLast = 0xD7A3;
    private const int VowelCount = 21;
    private const int FinalCount = 28;

    public static bool IsSyllable(char c) => c is >= (char)SyllableBase and <= (char)SyllableLast;

    public static (int Initial, int Vowel, int Final) Split(char syllable)
    {
        if (!IsSyllable(syllable))
        {
            throw new ArgumentOutOfRangeException(nameof(syllable), syllable, "Not a Hangul syllable.");
        }

        var index = syllable - SyllableBase;
        return (index / (VowelCount * FinalCount), index % (VowelCount * FinalCount) / FinalCount, index % FinalCount);
    }

    public static char Join(int initial, int vowel, int final) =>
        (char)(SyllableBase + (((initial * VowelCount) + vowel) * FinalCount) + final);

    public static char WithFinal(char syllable, int final)
    {
        var (initial, vowel, _) = Split(syllable);
        return Join(initial, vowel, final);
    }

    public static char WithVowel(char syllable, int vowel)
    {
        var (initial, _, final) = Split(syllable);
        return Join(initial, vowel, final);
    }

    /// <summary>ㅏ, ㅑ, ㅗ: the "bright" vowels that take 아 rather than 어 (담아요, 놓아요; but 넣어요).</summary>
    public static bool HasBrightVowel(char syllable) => Split(syllable).Vowel is VowelA or VowelYa or VowelO;
}
