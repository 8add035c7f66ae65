using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using Growbin.Contracts.Pipeline;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Growbin.ImageUploader;

/// <summary>
/// Turns a raw upload into the image the pipeline works with: checked (JPEG, PNG or WebP by magic bytes, within the
/// byte and pixel limits, decodable to the last byte), turned upright by its EXIF orientation, shrunk so the longest
/// side is at most <see cref="UploadOptions.MaxSide"/>, and re-encoded as JPEG from pixels, which leaves every piece
/// of metadata (EXIF, GPS, XMP, comments, ICC) behind. The same upload always gives the same bytes, hence the same hash.
/// A JPEG is shrunk by its decoder alone (the largest M/8 scale that fits), so its longest side can end up anywhere
/// from about half of <see cref="UploadOptions.MaxSide"/> up to it; a larger PNG or WebP is resampled to exactly that side.
/// </summary>
public sealed class ImageNormalizer : IDisposable
{
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"];

    private readonly UploadOptions _options;
    private readonly SemaphoreSlim _decodes;

    public ImageNormalizer(IOptions<UploadOptions> options)
    {
        _options = options.Value;
        _decodes = new SemaphoreSlim(_options.MaxConcurrentDecodes, _options.MaxConcurrentDecodes);
    }

    public async Task<(NormalizedImage? Image, ImageRejection? Rejection)> NormalizeAsync(ReadOnlyMemory<byte> raw,
        CancellationToken cancellationToken = default)
    {
        await _decodes.WaitAsync(cancellationToken);
        try
        {
            return TryNormalize(raw.Span, out var image, out var rejection) ? (image, null) : (null, rejection);
        }
        finally
        {
            _decodes.Release();
        }
    }

    public bool TryNormalize(ReadOnlySpan<byte> raw, [NotNullWhen(true)] out NormalizedImage? image,
        [NotNullWhen(false)] out ImageRejection? rejection)
    {
        image = null;
        rejection = Check(raw, out var format);
        if (rejection is not null)
        {
            return false;
        }

        using var data = SKData.CreateCopy(raw);
        using var codec = SKCodec.Create(data);
        // Skia sniffs the same signatures; agreeing with it means the decoder that runs is the one we allowed.
        if (codec is null || codec.EncodedFormat != format)
        {
            rejection = format == SKEncodedImageFormat.Heif
                ? NotAnImage("HEIC/HEIF images cannot be decoded by this service; send a JPEG, PNG or WebP image.")
                : NotAnImage($"The upload starts like a {Name(format)} image but its header cannot be read.");
            return false;
        }

        // Only the header has been read so far: a decompression bomb is refused before its pixels exist.
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
        {
            rejection = NotAnImage($"The {Name(format)} image declares no pixels ({width}x{height}).");
            return false;
        }

        if ((long)width * height > _options.MaxPixels)
        {
            rejection = new ImageRejection(ActivityFailures.ImageTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"The image is {width}x{height} = {(long)width * height} pixels; the limit is {_options.MaxPixels} pixels."));
            return false;
        }

        if (!TryDecode(codec, format, out var decoded, out var final, out rejection))
        {
            return false;
        }

        using (decoded)
        {
            image = final ? Upright(decoded, codec.EncodedOrigin) : Render(decoded, codec.EncodedOrigin, width, height);
        }

        return true;
    }

    public void Dispose() => _decodes.Dispose();

    private ImageRejection? Check(ReadOnlySpan<byte> raw, out SKEncodedImageFormat format)
    {
        format = default;
        if (raw.IsEmpty)
        {
            return NotAnImage("The upload is empty.");
        }

        if (raw.Length > _options.MaxBytes)
        {
            return new ImageRejection(ActivityFailures.ImageTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"The upload is {raw.Length} bytes; the limit is {_options.MaxBytes} bytes."));
        }

        // Skia would also decode GIF, BMP, ICO, WBMP and DNG; accepting only camera formats keeps the attack surface small.
        if (Sniff(raw) is not { } sniffed)
        {
            return NotAnImage("The upload is not a JPEG, PNG or WebP image.");
        }

        format = sniffed;
        return null;
    }

    private static SKEncodedImageFormat? Sniff(ReadOnlySpan<byte> raw)
    {
        if (raw.StartsWith(JpegMagic))
        {
            return SKEncodedImageFormat.Jpeg;
        }

        if (raw.StartsWith(PngMagic))
        {
            return SKEncodedImageFormat.Png;
        }

        if (raw.Length >= 12 && raw[..4].SequenceEqual("RIFF"u8) && raw[8..12].SequenceEqual("WEBP"u8))
        {
            return SKEncodedImageFormat.Webp;
        }

        // ISO BMFF: a box of type "ftyp" first, whose major brand names the HEIF flavour.
        if (raw.Length >= 12 && raw[4..8].SequenceEqual("ftyp"u8) &&
            HeifBrands.Contains(System.Text.Encoding.ASCII.GetString(raw[8..12])))
        {
            return SKEncodedImageFormat.Heif;
        }

        return null;
    }

    /// <summary>
    /// Decodes in the stored orientation, into sRGB. JPEG and WebP can decode at a reduced scale, which keeps a 40 MP
    /// photo from ever occupying 160 MB. <paramref name="final"/> says the pixels are already the output's size (a
    /// JPEG decoded at its output scale): only the orientation is left to apply, no resampling.
    /// </summary>
    private bool TryDecode(SKCodec codec, SKEncodedImageFormat format, [NotNullWhen(true)] out SKBitmap? bitmap,
        out bool final, [NotNullWhen(false)] out ImageRejection? rejection)
    {
        rejection = null;
        SKSizeI size;
        if (format == SKEncodedImageFormat.Jpeg)
        {
            size = JpegDecodeSize(codec);
            final = Math.Max(size.Width, size.Height) <= _options.MaxSide;
        }
        else
        {
            size = ScaledDecodeSize(codec);
            final = false;
        }

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.Success)
        {
            return true;
        }

        bitmap.Dispose();
        bitmap = null;
        // IncompleteInput is a file cut short: Skia would fill the missing rows itself, and the model would be
        // shown half a photo. A retake is better than a confident answer about the wrong half.
        rejection = result == SKCodecResult.IncompleteInput
            ? NotAnImage($"The {Name(format)} image is truncated: the file ends before its last pixel.")
            : NotAnImage($"The {Name(format)} image could not be decoded ({result}).");
        return false;
    }

    /// <summary>
    /// The size a JPEG is decoded at: the largest of libjpeg's M/8 scales (M = 1…8) whose longest side is at most
    /// <see cref="UploadOptions.MaxSide"/>. The scaled IDCT is the whole shrink: decoding straight to the output size
    /// skips a second resampling pass that cost about as much as the decode itself (bench/README.md), at the price of
    /// an output below MaxSide: 1600×1200 → 5/8 = 1000×750, 4032×3024 → 2/8 = 1008×756, but a side just over 4×
    /// MaxSide drops to 1/8, about half of it (4608×3456 → 576×432). Each candidate is Skia's own answer, not computed
    /// here: libjpeg rounds the scaled sides up (2049 px at 4/8 is 1025), so only checking what the decoder will really
    /// produce keeps the output within MaxSide. When even 1/8 is larger (a side
    /// over 8× MaxSide), 1/8 is still the cheapest decode and the caller resamples the rest.
    /// </summary>
    private SKSizeI JpegDecodeSize(SKCodec codec)
    {
        for (var eighths = 8; eighths > 1; eighths--)
        {
            // m/8 is exactly one of Skia's steps (it picks the eighth nearest the requested scale).
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Max(scaled.Width, scaled.Height) <= _options.MaxSide)
            {
                return scaled;
            }
        }

        return codec.GetScaledDimensions(1 / 8f);
    }

    /// <summary>
    /// The size a PNG or WebP is decoded at before it is resampled to the output: the smallest scale the codec
    /// supports that still leaves at least the output's pixels (PNG has none but 1:1).
    /// </summary>
    private SKSizeI ScaledDecodeSize(SKCodec codec)
    {
        var full = codec.Info.Size;
        var scale = Scale(Math.Max(full.Width, full.Height));
        var needed = new SKSizeI(Math.Max(1, (int)Math.Round(full.Width * scale)), Math.Max(1, (int)Math.Round(full.Height * scale)));
        // A codec may round a scale to one of its own steps, which can land below what is needed: step up.
        for (var probe = scale; probe < 1; probe += 1.0 / 16)
        {
            var scaled = codec.GetScaledDimensions((float)probe);
            if (scaled.Width >= needed.Width && scaled.Height >= needed.Height)
            {
                return scaled;
            }
        }

        return full;
    }

    /// <summary>
    /// The output from pixels already at the output size: encoded as they are when the photo is stored upright,
    /// otherwise rotated/flipped 1:1 into a new bitmap. A quarter turn maps pixel centres onto pixel centres, so
    /// nearest sampling copies every pixel exactly; nothing is scaled.
    /// </summary>
    private NormalizedImage Upright(SKBitmap decoded, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            // Skia's JPEG encoder writes an ICC profile for pixels tagged with a colour space, even sRGB: the same pixels
            // viewed untagged are encoded without one, like Render's output.
            using var untagged = new SKPixmap(decoded.Info.WithColorSpace(null), decoded.GetPixels(), decoded.RowBytes);
            return Encode(untagged);
        }

        var (outWidth, outHeight) = SwapsAxes(origin) ? (decoded.Height, decoded.Width) : (decoded.Width, decoded.Height);
        using var output = new SKBitmap(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(output))
        {
            canvas.SetMatrix(OrientationMatrix(origin, decoded.Width, decoded.Height));
            decoded.SetImmutable(); // lets the image share the decoded pixels instead of copying them
            using var source = SKImage.FromBitmap(decoded);
            canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }

        using var pixels = output.PeekPixels();
        return Encode(pixels);
    }

    private NormalizedImage Render(SKBitmap decoded, SKEncodedOrigin origin, int width, int height)
    {
        var swaps = SwapsAxes(origin);
        var (uprightWidth, uprightHeight) = swaps ? (height, width) : (width, height);
        var scale = Scale(Math.Max(uprightWidth, uprightHeight));
        var outWidth = Math.Max(1, (int)Math.Round(uprightWidth * scale));
        var outHeight = Math.Max(1, (int)Math.Round(uprightHeight * scale));

        // No colour space on the output: the sRGB values are written as they are and the encoder adds no ICC profile.
        using var output = new SKBitmap(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(output))
        {
            // Transparent PNG areas become white rather than JPEG's black.
            canvas.Clear(SKColors.White);
            var (drawWidth, drawHeight) = swaps ? (outHeight, outWidth) : (outWidth, outHeight);
            canvas.SetMatrix(OrientationMatrix(origin, drawWidth, drawHeight));
            decoded.SetImmutable(); // lets the image share the decoded pixels instead of copying them
            using var source = SKImage.FromBitmap(decoded);
            // Mipmaps are what keeps a big reduction from aliasing, but building them was most of the cost of a scan's
            // upload step (bench/README.md). Below 2× to go (a JPEG over 8× MaxSide, decoded at 1/8, or a WebP
            // decoded near its output), bilinear sampling reads every source pixel and needs none; PNG and larger
            // ratios keep them.
            var remaining = Math.Max((double)decoded.Width / drawWidth, (double)decoded.Height / drawHeight);
            var sampling = remaining >= 2
                ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
                : new SKSamplingOptions(SKFilterMode.Linear);
            canvas.DrawImage(source, new SKRect(0, 0, drawWidth, drawHeight), sampling);
        }

        using var pixels = output.PeekPixels();
        return Encode(pixels);
    }

    private NormalizedImage Encode(SKPixmap pixels)
    {
        using var encoded = pixels.Encode(new SKJpegEncoderOptions(_options.JpegQuality, SKJpegEncoderDownsample.Downsample420,
            SKJpegEncoderAlphaOption.Ignore))
            ?? throw new InvalidOperationException("Skia could not encode the normalized image as JPEG.");
        var jpeg = encoded.ToArray();
        return new NormalizedImage(jpeg, Convert.ToHexStringLower(SHA256.HashData(jpeg)), pixels.Width, pixels.Height);
    }

    private double Scale(int longestSide) => Math.Min(1.0, (double)_options.MaxSide / longestSide);

    private static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// Maps the stored image, drawn at <paramref name="w"/>×<paramref name="h"/>, to its upright position
    /// (Skia's SkEncodedOriginToMatrix). x' = sx·x + kx·y + tx, y' = ky·x + sy·y + ty.
    /// </summary>
    private static SKMatrix OrientationMatrix(SKEncodedOrigin origin, float w, float h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static string Name(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => "JPEG",
        SKEncodedImageFormat.Png => "PNG",
        SKEncodedImageFormat.Webp => "WebP",
        SKEncodedImageFormat.Heif => "HEIC",
        _ => format.ToString(),
    };

    private static ImageRejection NotAnImage(string detail) => new(ActivityFailures.NotAnImage, detail);
}
