using System.Buffers.Binary;

namespace Growbin.WasteApi;

/// <summary>
/// Looks at an upload's bytes before anything is stored: the format by its magic bytes (JPEG, PNG, WebP), the pixel
/// size from its header (so a decompression bomb is refused without decoding a pixel), and whether the file is
/// complete (a JPEG ends with its EOI marker, a PNG with IEND, a WebP fills its RIFF size). image-uploader decodes
/// it for real later; this keeps a bad file from ever being stored or starting a scan.
/// </summary>
public static class ImageSniffer
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> PngEnd => [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    public static ImageCheck Inspect(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return Jpeg(data);
        }

        if (data.StartsWith(PngSignature))
        {
            return Png(data);
        }

        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP(data);
        }

        return ImageCheck.NotAnImage;
    }

    private static ImageCheck Jpeg(ReadOnlySpan<byte> data)
    {
        var end = data.Length;
        while (end > 2 && data[end - 1] == 0x00)
        {
            end--; // some encoders pad after EOI
        }

        var complete = end >= 4 && data[end - 2] == 0xFF && data[end - 1] == 0xD9;
        var position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF)
            {
                return ImageCheck.Truncated("jpeg");
            }

            var marker = data[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            var isFrameHeader = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrameHeader && position + 9 <= data.Length)
            {
                var height = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 7)..]);
                return complete ? ImageCheck.Image("jpeg", width, height) : ImageCheck.Truncated("jpeg");
            }

            if (marker == 0xDA)
            {
                break; // scan data before any frame header: malformed
            }

            position += 2 + length;
        }

        return ImageCheck.Truncated("jpeg");
    }

    private static ImageCheck Png(ReadOnlySpan<byte> data)
    {
        if (data.Length < 33 || !data[12..16].SequenceEqual("IHDR"u8))
        {
            return ImageCheck.Truncated("png");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        return data.EndsWith(PngEnd) ? ImageCheck.Image("png", width, height) : ImageCheck.Truncated("png");
    }

    private static ImageCheck WebP(ReadOnlySpan<byte> data)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (data.Length < 30 || (long)riffSize + 8 > data.Length)
        {
            return ImageCheck.Truncated("webp");
        }

        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            return ImageCheck.Image("webp", BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFFu, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFFu);
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return ImageCheck.Image("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            var width = (uint)(data[24] | (data[25] << 8) | (data[26] << 16)) + 1;
            var height = (uint)(data[27] | (data[28] << 8) | (data[29] << 16)) + 1;
            return ImageCheck.Image("webp", width, height);
        }

        return ImageCheck.NotAnImage;
    }
}
