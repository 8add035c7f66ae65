using System.Buffers.Binary;
using System.Text;
using Growbin.TestSupport.Images;
using SkiaSharp;

namespace Growbin.ImageUploader.Tests;

/// <summary>Images made at test time with SkiaSharp or by hand, so the repository holds no binary fixtures.</summary>
internal static class TestImages
{
    public static readonly SKColor Red = new(220, 20, 20);
    public static readonly SKColor Blue = new(20, 20, 220);

    /// <summary>A 20000×20000 all-black PNG: 400 MP (1.6 GB as RGBA) in a few hundred kilobytes.</summary>
    public static byte[] PngBomb => TestPhotos.BombPng();

    /// <summary>A photo-like image: a diagonal gradient whose colours depend on <paramref name="seed"/>.</summary>
    public static byte[] Photo(int width, int height, int seed = 1, SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg) =>
        Encode(width, height, format, canvas =>
        {
            var random = new Random(seed);
            SKColor Next() => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            using var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [Next(), Next(), Next()], SKShaderTileMode.Clamp);
            using var paint = new SKPaint { Shader = shader };
            canvas.DrawRect(0, 0, width, height, paint);
        });

    /// <summary>Random pixels: nothing compresses, so the entropy-coded data is most of the file.</summary>
    public static byte[] Noise(int width, int height, int seed = 7)
    {
        var random = new Random(seed);
        return Encode(width, height, SKEncodedImageFormat.Jpeg, canvas =>
        {
            using var paint = new SKPaint();
            for (var y = 0; y < height; y += 4)
            {
                for (var x = 0; x < width; x += 4)
                {
                    paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                    canvas.DrawRect(x, y, 4, 4, paint);
                }
            }
        });
    }

    /// <summary>Blue with a red top-left quadrant: where the red ends up shows how the image was turned.</summary>
    public static byte[] RedTopLeftQuadrant(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg) =>
        Encode(width, height, format, canvas =>
        {
            canvas.Clear(Blue);
            using var paint = new SKPaint { Color = Red };
            canvas.DrawRect(0, 0, width / 2f, height / 2f, paint);
        });

    public static byte[] Transparent(int width, int height) =>
        Encode(width, height, SKEncodedImageFormat.Png, canvas => canvas.Clear(SKColors.Transparent));

    public static byte[] Encode(int width, int height, SKEncodedImageFormat format, Action<SKCanvas> draw, int quality = 92)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            draw(canvas);
        }

        using var data = bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"Skia cannot encode {format}.");
        return data.ToArray();
    }

    /// <summary>
    /// The JPEG with an EXIF APP1 segment right after SOI: an orientation tag and, optionally, a GPS IFD placing the
    /// photo in Seoul (37°33'36"N 126°58'48"E), as a phone camera writes them.
    /// </summary>
    public static byte[] WithExif(byte[] jpeg, ushort? orientation = null, bool gps = false)
    {
        if (jpeg is not [0xFF, 0xD8, ..])
        {
            throw new ArgumentException("Not a JPEG.", nameof(jpeg));
        }

        var tiff = Exif(orientation, gps);
        var segment = new byte[4 + 6 + tiff.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(segment.Length - 2));
        "Exif\0\0"u8.CopyTo(segment.AsSpan(4));
        tiff.CopyTo(segment.AsSpan(10));
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>A grayscale PNG of zeros: cheap to make at any declared size (TestSupport's writer).</summary>
    public static byte[] BlackPng(int width, int height) => TestPhotos.BombPng(width, height);

    // Big-endian TIFF: header, IFD0 (orientation, GPS pointer), GPS IFD, then the GPS rationals.
    private static byte[] Exif(ushort? orientation, bool gps)
    {
        var ifd0 = new List<(ushort Tag, ushort Type, uint Count, uint Value)>();
        if (orientation is { } o)
        {
            ifd0.Add((0x0112, 3, 1, (uint)o << 16));
        }

        const int ifd0Offset = 8;
        var gpsOffset = ifd0Offset + IfdLength(ifd0.Count + (gps ? 1 : 0));
        const int gpsEntries = 5;
        var rationalsOffset = gpsOffset + IfdLength(gpsEntries);
        if (gps)
        {
            ifd0.Add((0x8825, 4, 1, (uint)gpsOffset));
        }

        using var tiff = new MemoryStream();
        tiff.Write("MM\0*"u8);
        WriteUInt32(tiff, ifd0Offset);
        WriteIfd(tiff, ifd0);
        if (gps)
        {
            WriteIfd(tiff,
            [
                (0x0000, 1, 4, 0x02020000), // GPSVersionID 2.2.0.0
                (0x0001, 2, 2, (uint)'N' << 24), // GPSLatitudeRef "N"
                (0x0002, 5, 3, (uint)rationalsOffset), // GPSLatitude 37/1 33/1 36/1
                (0x0003, 2, 2, (uint)'E' << 24), // GPSLongitudeRef "E"
                (0x0004, 5, 3, (uint)rationalsOffset + 24), // GPSLongitude 126/1 58/1 48/1
            ]);
            foreach (var value in new uint[] { 37, 33, 36, 126, 58, 48 })
            {
                WriteUInt32(tiff, value);
                WriteUInt32(tiff, 1);
            }
        }

        return tiff.ToArray();
    }

    private static int IfdLength(int entries) => 2 + (12 * entries) + 4;

    private static void WriteIfd(Stream stream, IReadOnlyList<(ushort Tag, ushort Type, uint Count, uint Value)> entries)
    {
        var buffer = new byte[IfdLength(entries.Count)];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var at = buffer.AsSpan(2 + (12 * i));
            BinaryPrimitives.WriteUInt16BigEndian(at, entries[i].Tag);
            BinaryPrimitives.WriteUInt16BigEndian(at[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32BigEndian(at[4..], entries[i].Count);
            BinaryPrimitives.WriteUInt32BigEndian(at[8..], entries[i].Value);
        }

        stream.Write(buffer); // the next-IFD offset stays 0
    }

    private static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }
}
