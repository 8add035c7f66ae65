using System.Buffers.Binary;

namespace Growbin.ImageUploader.Tests;

/// <summary>The marker segments of a JPEG up to its image data: where EXIF (APP1), ICC (APP2) and comments live.</summary>
internal static class JpegSegments
{
    public const byte App1 = 0xE1;

    /// <summary>APP1–APP15 (EXIF, XMP, ICC, vendor data) and COM; APP0 is the JFIF header every encoder writes.</summary>
    public static bool IsMetadata(byte marker) => marker is (>= 0xE1 and <= 0xEF) or 0xFE;

    public static IReadOnlyList<byte> Markers(byte[] jpeg)
    {
        if (jpeg is not [0xFF, 0xD8, ..])
        {
            throw new ArgumentException("Not a JPEG: no SOI marker.", nameof(jpeg));
        }

        var markers = new List<byte>();
        var at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
        {
            var marker = jpeg[at + 1];
            markers.Add(marker);
            if (marker == 0xDA) // start of scan: entropy-coded data follows
            {
                break;
            }

            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
        }

        return markers;
    }
}
