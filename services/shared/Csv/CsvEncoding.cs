namespace Growbin.Csv;

/// <summary>How <see cref="CsvFileDecoder"/> reads a file's bytes: guessed, or the encoding a caller names.</summary>
public enum CsvEncoding
{
    /// <summary>UTF-8 when the bytes are valid UTF-8 (BOM or not), a UTF-16 BOM's encoding, otherwise CP949.</summary>
    Auto,

    /// <summary>UTF-8, with or without a BOM.</summary>
    Utf8,

    /// <summary>CP949 (EUC-KR and its extension), what Excel on Korean Windows saves as CSV.</summary>
    Cp949,
}
