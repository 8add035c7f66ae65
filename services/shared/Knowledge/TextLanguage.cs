using System.Globalization;

namespace Growbin.Knowledge;

/// <summary>The languages the dataset is written in. Korean is the default; every text also has English.</summary>
public enum TextLanguage
{
    Ko,
    En,
}

/// <summary>Choosing a <see cref="TextLanguage"/> from what a client sends.</summary>
public static class TextLanguages
{
    /// <summary>"ko" or "en": the tag answers carry (Content-Language) and the workflow input stores.</summary>
    public static string Tag(this TextLanguage language) => language == TextLanguage.En ? "en" : "ko";

    /// <summary>"ko"/"en" (any case, with or without a region such as "en-US"); anything else is null.</summary>
    public static TextLanguage? FromTag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var primary = tag.Trim().Split('-', '_')[0];
        return primary.ToLowerInvariant() switch
        {
            "ko" => TextLanguage.Ko,
            "en" => TextLanguage.En,
            _ => null,
        };
    }

    /// <summary>
    /// The best supported language of an Accept-Language header (RFC 9110 §12.5.4): the highest q wins, the earlier
    /// entry on a tie, q=0 means "not this one", "*" means any (Korean). No header or nothing supported: Korean.
    /// </summary>
    public static TextLanguage FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return TextLanguage.Ko;
        }

        TextLanguage? best = null;
        var bestQuality = 0.0;
        foreach (var entry in header.Split(','))
        {
            var parts = entry.Split(';');
            var range = parts[0].Trim();
            var quality = 1.0;
            foreach (var parameter in parts.Skip(1))
            {
                var pair = parameter.Trim();
                if (pair.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && !double.TryParse(pair[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out quality))
                {
                    quality = 0;
                }
            }

            var language = range == "*" ? TextLanguage.Ko : FromTag(range);
            if (language is not null && quality > bestQuality)
            {
                best = language;
                bestQuality = quality;
            }
        }

        return best ?? TextLanguage.Ko;
    }

    /// <summary>
    /// The language a person wrote <paramref name="text"/> in: Korean when it has any Hangul, English when it has Latin
    /// letters and no Hangul, else <paramref name="fallback"/> (digits, emoji, an empty message).
    /// </summary>
    public static TextLanguage OfText(string? text, TextLanguage fallback = TextLanguage.Ko)
    {
        var latin = false;
        foreach (var c in text ?? "")
        {
            if (c is >= '\uAC00' and <= '\uD7A3' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F')
            {
                return TextLanguage.Ko;
            }

            latin |= c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';
        }

        return latin ? TextLanguage.En : fallback;
    }
}
