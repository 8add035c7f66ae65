namespace Growbin.ResponseGenerator.Korean;

/// <summary>
/// 은/는, 이/가, 을/를, (으)로 chosen by how the word ends when read aloud. A Hangul word is read by its last syllable's
/// 받침. A parenthesis at the end is skipped, as Korean writing attaches the particle to the word before it
/// ("영수증(감열지)은"). Digits are read as a Sino-Korean number ("1" → 일 → "1로", "10" → 십 → "10으로").
/// Upper-case Latin letters are read as an initialism, letter by letter ("LED" → 디 → 는, "PVC" → 씨 → 는, "HDMI" →
/// 아이, "ML" → 엘 → 로). Anything else (an English word, whose reading its spelling does not fix, or a symbol) gets
/// both forms, "은(는)", as Korean forms do when the word is unknown.
/// </summary>
public static class KoreanParticles
{
    // Letter names whose reading ends in a consonant: 엘, 알 (ㄹ) and 엠, 엔.
    private const string LettersEndingInRieul = "LR";
    private const string LettersEndingInOtherFinal = "MN";

    /// <summary>The word with its particle attached: <c>Attach("사과", Particle.Object)</c> = "사과를".</summary>
    public static string Attach(string word, Particle particle) => word + For(word, particle);

    public static string Topic(string word) => Attach(word, Particle.Topic);

    public static string Subject(string word) => Attach(word, Particle.Subject);

    public static string Object(string word) => Attach(word, Particle.Object);

    public static string Direction(string word) => Attach(word, Particle.Direction);

    /// <summary>The particle alone, in the form the word takes.</summary>
    public static string For(string word, Particle particle) => (FinalOf(word), particle) switch
    {
        (Ending.Open, Particle.Topic) => "는",
        (Ending.Open, Particle.Subject) => "가",
        (Ending.Open, Particle.Object) => "를",
        (Ending.Open or Ending.Rieul, Particle.Direction) => "로",
        (Ending.Rieul or Ending.OtherFinal, Particle.Topic) => "은",
        (Ending.Rieul or Ending.OtherFinal, Particle.Subject) => "이",
        (Ending.Rieul or Ending.OtherFinal, Particle.Object) => "을",
        (Ending.OtherFinal, Particle.Direction) => "으로",
        (_, Particle.Topic) => "은(는)",
        (_, Particle.Subject) => "이(가)",
        (_, Particle.Object) => "을(를)",
        (_, Particle.Direction) => "(으)로",
        _ => throw new ArgumentOutOfRangeException(nameof(particle), particle, null),
    };

    private enum Ending
    {
        Unknown,
        Open,
        Rieul,
        OtherFinal,
    }

    private static Ending FinalOf(string word)
    {
        var text = WithoutTrailingParentheses(word);
        if (text.Length == 0)
        {
            return Ending.Unknown;
        }

        var last = text[^1];
        if (Hangul.IsSyllable(last))
        {
            return Hangul.Split(last).Final switch
            {
                Hangul.NoFinal => Ending.Open,
                Hangul.FinalRieul => Ending.Rieul,
                _ => Ending.OtherFinal,
            };
        }

        if (char.IsAsciiDigit(last))
        {
            return NumberEnding(text);
        }

        if (char.IsAsciiLetter(last))
        {
            return InitialismEnding(text);
        }

        return Ending.Unknown;
    }

    private static string WithoutTrailingParentheses(string word)
    {
        var text = word.TrimEnd();
        while (text.EndsWith(')'))
        {
            var open = text.LastIndexOf('(');
            if (open <= 0)
            {
                break;
            }

            text = text[..open].TrimEnd();
        }

        return text;
    }

    /// <summary>Sino-Korean reading: the last non-zero digit, or the power of ten the zeros make (십, 백, 천, 만, 억, 조).</summary>
    private static Ending NumberEnding(string text)
    {
        var start = text.Length;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }

        var digits = text[start..].TrimStart('0');
        if (digits.Length == 0)
        {
            return Ending.OtherFinal; // 영
        }

        var zeros = digits.Length - digits.TrimEnd('0').Length;
        if (zeros == 0)
        {
            return digits[^1] switch
            {
                '1' or '7' or '8' => Ending.Rieul, // 일, 칠, 팔
                '3' or '6' => Ending.OtherFinal, // 삼, 육
                _ => Ending.Open, // 이, 사, 오, 구
            };
        }

        return zeros >= 12 ? Ending.Open : Ending.OtherFinal; // 십, 백, 천, 만, 억 … 조
    }

    private static Ending InitialismEnding(string text)
    {
        var start = text.Length;
        while (start > 0 && char.IsAsciiLetter(text[start - 1]))
        {
            start--;
        }

        var letters = text[start..];
        if (!letters.All(char.IsAsciiLetterUpper))
        {
            return Ending.Unknown;
        }

        var last = letters[^1];
        return LettersEndingInRieul.Contains(last) ? Ending.Rieul
            : LettersEndingInOtherFinal.Contains(last) ? Ending.OtherFinal
            : Ending.Open;
    }
}
