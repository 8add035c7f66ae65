using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Growbin.UserInfo.History;

/// <summary>
/// Where a history page ended: the last row's completed_at and scan_id, the keyset of
/// (completed_at DESC, scan_id DESC). Sent to clients as an opaque base64url token of 24 bytes: microseconds since
/// the Unix epoch (big-endian int64, PostgreSQL's timestamp precision) followed by the 16 bytes of the scan id.
/// </summary>
public readonly partial record struct HistoryCursor(DateTimeOffset CompletedAt, string ScanId)
{
    private const int TimestampBytes = 8;
    private const int ScanIdBytes = 16;
    private const int Size = TimestampBytes + ScanIdBytes;

    /// <summary>Longer than any cursor this service issues (32 characters).</summary>
    private const int MaxTextLength = 64;

    private static readonly long MinMicros = (DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
    private static readonly long MaxMicros = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>completed_at as a parameter for <c>$n::timestamptz</c>, exact to the microsecond.</summary>
    public string CompletedAtParameter =>
        CompletedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Size];
        var micros = (CompletedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        BinaryPrimitives.WriteInt64BigEndian(bytes, micros);
        Convert.FromHexString(ScanId, bytes[TimestampBytes..], out _, out _);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>False for anything this service did not issue: wrong alphabet, wrong length, impossible time.</summary>
    public static bool TryParse(string? text, out HistoryCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength || !Base64UrlText().IsMatch(text))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[MaxTextLength];
        int written;
        try
        {
            // Despite its name it throws for some inputs, e.g. a last character with bits no encoder would set.
            if (!Base64Url.TryDecodeFromChars(text, bytes, out written) || written != Size)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        var micros = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (micros < MinMicros || micros > MaxMicros)
        {
            return false;
        }

        var completedAt = DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
        cursor = new HistoryCursor(completedAt, Convert.ToHexStringLower(bytes.Slice(TimestampBytes, ScanIdBytes)));
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Base64UrlText();
}
