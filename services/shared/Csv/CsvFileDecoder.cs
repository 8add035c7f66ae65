using System.Text;

namespace Growbin.Csv;

/// <summary>
/// Turns a public-data file's bytes into text. Korean public data comes as UTF-8 (often with a BOM, as Excel writes
/// it) or as CP949/EUC-KR (older portals and Excel's "CSV" on Korean Windows). Bytes that are valid UTF-8 are read as
/// UTF-8; anything else as CP949 — a CP949 file of Hangul is practically never valid UTF-8, while the reverse guess
/// would turn every UTF-8 file into mojibake without an error. A UTF-16 byte order mark (Excel's "Unicode text") is
/// honoured too.
/// </summary>
public static class CsvFileDecoder
{
    public const int Cp949CodePage = 949;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static CsvFileDecoder()
    {
        // CP949 is not built into .NET; the code pages provider ships in the shared framework (no package) and is
        // table-based, so it works under InvariantGlobalization.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>CP949 (Unified Hangul Code, a superset of EUC-KR).</summary>
    public static Encoding Cp949 => Encoding.GetEncoding(Cp949CodePage);

    /// <summary>CP949 that refuses bytes it has no character for, instead of putting '?' in their place.</summary>
    public static Encoding StrictCp949 => Encoding.GetEncoding(Cp949CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>
    /// The text in the encoding the caller names, for files whose encoding is known: <see cref="CsvEncoding.Auto"/> is
    /// <see cref="Decode(ReadOnlySpan{byte})"/>; UTF-8 drops a BOM; both refuse bytes that are not valid in them.
    /// </summary>
    /// <exception cref="DecoderFallbackException">The bytes are not valid in the named encoding.</exception>
    public static (string Text, string EncodingName) Decode(ReadOnlySpan<byte> bytes, CsvEncoding encoding)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        return encoding switch
        {
            CsvEncoding.Auto => Decode(bytes),
            CsvEncoding.Utf8 when bytes.StartsWith(bom) => (StrictUtf8.GetString(bytes[bom.Length..]), "utf-8 (BOM)"),
            CsvEncoding.Utf8 => (StrictUtf8.GetString(bytes), "utf-8"),
            CsvEncoding.Cp949 => (StrictCp949.GetString(bytes), "cp949"),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown encoding"),
        };
    }

    /// <summary>The text and the name of the encoding it was read with ("utf-8", "utf-8 (BOM)", "utf-16 (BOM)" or "cp949").</summary>
    public static (string Text, string EncodingName) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var encoding = bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return (encoding.GetString(bytes[2..]), "utf-16 (BOM)");
        }

        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (bytes.StartsWith(bom))
        {
            return (StrictUtf8.GetString(bytes[bom.Length..]), "utf-8 (BOM)");
        }

        try
        {
            return (StrictUtf8.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
            return (Cp949.GetString(bytes), "cp949");
        }
    }
}
