using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Growbin.TestSupport.Images;

/// <summary>Photos made at test time: real encoded images, and the broken or hostile files uploads must survive.</summary>
public static class TestPhotos
{
    /// <summary>A real JPEG; <paramref name="seed"/> changes the pixels, so two seeds are two different photos.</summary>
    public static byte[] Jpeg(int width = 640, int height = 480, int seed = 1) => Encode(width, height, seed, SKEncodedImageFormat.Jpeg);

    public static byte[] Png(int width = 320, int height = 240, int seed = 1) => Encode(width, height, seed, SKEncodedImageFormat.Png);

    /// <summary>The first half of a JPEG: an interrupted upload.</summary>
    public static byte[] TruncatedJpeg() => Jpeg()[..(Jpeg().Length / 2)];

    public static byte[] NotAnImage() => Encoding.UTF8.GetBytes("%PDF-1.7 this is a document, not a photo");

    /// <summary>
    /// A complete, valid 20000×20000 PNG of black, small on disk (it compresses to almost nothing) and 400 million
    /// pixels once decoded: a decompression bomb.
    /// </summary>
    public static byte[] BombPng() => Bomb.Value;

    private static readonly Lazy<byte[]> Bomb = new(() => BombPng(20_000, 20_000));

    /// <inheritdoc cref="BombPng()"/>
    public static byte[] BombPng(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        WriteChunk(png, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[width + 1]; // filter byte + black pixels
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Encode(int width, int height, int seed, SKEncodedImageFormat format)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            using var paint = new SKPaint();
            for (var i = 0; i < 12; i++)
            {
                paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(10, Math.Max(11, width / 3)), paint);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        png.Write(buffer);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32.Compute([.. typeBytes, .. data]));
        png.Write(buffer);
    }
}
