using System.Security.Cryptography;
using System.Text;
using Growbin.Contracts.Pipeline;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Growbin.ImageUploader.Tests;

public sealed class ImageNormalizerTests : IDisposable
{
    private readonly ImageNormalizer _normalizer = new(Options.Create(new UploadOptions()));

    public void Dispose() => _normalizer.Dispose();

    // A JPEG is shrunk by the decoder alone, to the largest M/8 scale within 1024 px (JpegDecodeScaleTests has more).
    [Theory]
    [InlineData(3000, 2000, 750, 500)] // 3/8 would be 1125 wide
    [InlineData(2000, 3000, 500, 750)]
    [InlineData(4032, 3024, 1008, 756)] // 2/8
    [InlineData(7000, 5000, 875, 625)] // 1/8
    [InlineData(1024, 1024, 1024, 1024)]
    public void A_large_photo_is_shrunk_to_the_longest_side_keeping_its_aspect(int width, int height, int expectedWidth, int expectedHeight)
    {
        var image = Normalize(TestImages.Photo(width, height));

        (image.Width, image.Height).Should().Be((expectedWidth, expectedHeight));
        Decoded(image.Jpeg).Should().Be((SKEncodedImageFormat.Jpeg, expectedWidth, expectedHeight));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    public void A_small_image_of_any_accepted_format_keeps_its_size_and_becomes_a_jpeg(SKEncodedImageFormat format)
    {
        var image = Normalize(TestImages.Photo(300, 200, format: format));

        Decoded(image.Jpeg).Should().Be((SKEncodedImageFormat.Jpeg, 300, 200));
    }

    [Fact]
    public void A_webp_is_shrunk_like_any_other_photo()
    {
        var image = Normalize(TestImages.Photo(2000, 1000, format: SKEncodedImageFormat.Webp));

        (image.Width, image.Height).Should().Be((1024, 512));
    }

    [Fact]
    public void The_hash_is_the_lower_case_sha256_of_the_jpeg_and_the_same_photo_gives_the_same_bytes()
    {
        var photo = TestImages.Photo(1600, 1200, seed: 3);

        var first = Normalize(photo);
        var second = Normalize(photo.ToArray());

        first.Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(first.Jpeg))).And.MatchRegex("^[0-9a-f]{64}$");
        second.Jpeg.Should().Equal(first.Jpeg);
        Normalize(TestImages.Photo(1600, 1200, seed: 4)).Sha256.Should().NotBe(first.Sha256);
    }

    // The red quadrant starts top-left in the stored pixels; EXIF says how to turn them upright.
    [Theory]
    [InlineData(1, 200, 100, Corner.TopLeft)]
    [InlineData(2, 200, 100, Corner.TopRight)]
    [InlineData(3, 200, 100, Corner.BottomRight)]
    [InlineData(4, 200, 100, Corner.BottomLeft)]
    [InlineData(5, 100, 200, Corner.TopLeft)]
    [InlineData(6, 100, 200, Corner.TopRight)]
    [InlineData(7, 100, 200, Corner.BottomRight)]
    [InlineData(8, 100, 200, Corner.BottomLeft)]
    public void The_exif_orientation_is_applied_to_the_pixels(ushort orientation, int width, int height, Corner red)
    {
        var jpeg = TestImages.WithExif(TestImages.RedTopLeftQuadrant(200, 100), orientation: orientation);

        var image = Normalize(jpeg);

        (image.Width, image.Height).Should().Be((width, height));
        using var upright = SKBitmap.Decode(image.Jpeg);
        foreach (var corner in Enum.GetValues<Corner>())
        {
            var pixel = Sample(upright, corner);
            if (corner == red)
            {
                pixel.Red.Should().BeGreaterThan(180, $"the red quadrant belongs {corner} for orientation {orientation}");
                pixel.Blue.Should().BeLessThan(80);
            }
            else
            {
                pixel.Blue.Should().BeGreaterThan(180, $"{corner} should be blue for orientation {orientation}");
                pixel.Red.Should().BeLessThan(80);
            }
        }
    }

    [Fact]
    public void A_rotated_photo_larger_than_the_limit_is_turned_and_then_shrunk()
    {
        var image = Normalize(TestImages.WithExif(TestImages.Photo(3000, 2000), orientation: 6));

        (image.Width, image.Height).Should().Be((500, 750)); // decoded at 2/8, then turned
    }

    [Fact]
    public void Exif_with_gps_is_gone_from_the_stored_jpeg()
    {
        var jpeg = TestImages.WithExif(TestImages.Photo(800, 600), orientation: 1, gps: true);
        JpegSegments.Markers(jpeg).Should().Contain(JpegSegments.App1, "the test photo must carry EXIF to begin with");

        var image = Normalize(jpeg);

        JpegSegments.Markers(image.Jpeg).Should().NotContain(JpegSegments.App1)
            .And.NotContain(m => JpegSegments.IsMetadata(m), "no APPn beyond JFIF's APP0, no comment");
        Encoding.ASCII.GetString(image.Jpeg).Should().NotContain("Exif");
    }

    [Fact]
    public void Transparent_areas_become_white_not_black()
    {
        var image = Normalize(TestImages.Transparent(64, 64));

        using var bitmap = SKBitmap.Decode(image.Jpeg);
        var pixel = bitmap.GetPixel(32, 32);
        new[] { pixel.Red, pixel.Green, pixel.Blue }.Should().OnlyContain(c => c > 245);
    }

    [Fact]
    public void An_empty_upload_is_not_an_image() =>
        Reject([]).Should().Be(ActivityFailures.NotAnImage);

    [Theory]
    [InlineData("hello, this is a text file\n")]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("RIFF\u0000\u0000\u0000\u0000WAVEfmt ")]
    public void Bytes_that_are_not_a_jpeg_png_or_webp_are_not_an_image(string content) =>
        Reject(Encoding.Latin1.GetBytes(content)).Should().Be(ActivityFailures.NotAnImage);

    [Fact]
    public void A_gif_skia_could_decode_is_still_refused()
    {
        var gif = TestImages.Photo(10, 10, format: SKEncodedImageFormat.Png); // Skia has no GIF encoder: fake the signature
        var bytes = Encoding.ASCII.GetBytes("GIF89a").Concat(gif[6..]).ToArray();

        Reject(bytes).Should().Be(ActivityFailures.NotAnImage);
    }

    [Fact]
    public void A_truncated_jpeg_is_not_an_image()
    {
        var jpeg = TestImages.Noise(400, 300);
        var truncated = jpeg[..(jpeg.Length * 6 / 10)];
        SKBitmap.DecodeBounds(truncated).Width.Should().Be(400, "the header survives the cut, so only decoding can tell");

        _normalizer.TryNormalize(truncated, out _, out var rejection).Should().BeFalse();

        rejection!.Failure.Should().Be(ActivityFailures.NotAnImage);
        rejection.Detail.Should().Contain("truncated");
    }

    [Fact]
    public void A_jpeg_with_only_its_signature_is_not_an_image() =>
        Reject([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]).Should().Be(ActivityFailures.NotAnImage);

    [Fact]
    public void A_heic_photo_is_refused_with_a_reason_when_skia_cannot_decode_it()
    {
        byte[] heic = [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8, 0, 0, 0, 0];

        _normalizer.TryNormalize(heic, out _, out var rejection).Should().BeFalse();

        rejection!.Failure.Should().Be(ActivityFailures.NotAnImage);
        rejection.Detail.Should().Contain("HEIC");
    }

    [Fact]
    public void More_bytes_than_the_limit_is_too_large_before_anything_is_decoded()
    {
        var jpeg = TestImages.Photo(100, 100);
        var padded = new byte[(10 * 1024 * 1024) + 1];
        jpeg.CopyTo(padded, 0);

        Reject(padded).Should().Be(ActivityFailures.ImageTooLarge);
        Reject(padded[..(10 * 1024 * 1024)]).Should().BeNull("exactly the limit is allowed; trailing bytes after EOI are ignored");
    }

    [Fact]
    public void A_decompression_bomb_is_refused_from_its_header()
    {
        var bomb = TestImages.PngBomb;
        bomb.Length.Should().BeLessThan(2 * 1024 * 1024, "the bomb must be small for the byte limit not to catch it");
        SKBitmap.DecodeBounds(bomb).Size.Should().Be(new SKSizeI(20_000, 20_000), "the file is a valid PNG of that size");

        _normalizer.TryNormalize(bomb, out _, out var rejection).Should().BeFalse();

        rejection!.Failure.Should().Be(ActivityFailures.ImageTooLarge);
        rejection.Detail.Should().Contain("20000x20000");
    }

    [Fact]
    public void The_pixel_limit_comes_from_configuration()
    {
        using var strict = new ImageNormalizer(Options.Create(new UploadOptions { MaxPixels = 100 * 100 }));
        var png = TestImages.BlackPng(101, 100);

        strict.TryNormalize(png, out _, out var rejection).Should().BeFalse();
        rejection!.Failure.Should().Be(ActivityFailures.ImageTooLarge);
        strict.TryNormalize(TestImages.BlackPng(100, 100), out var image, out _).Should().BeTrue();
        image!.Width.Should().Be(100);
    }

    [Fact]
    public void Side_and_quality_come_from_configuration()
    {
        using var small = new ImageNormalizer(Options.Create(new UploadOptions { MaxSide = 256, JpegQuality = 40 }));
        var photo = TestImages.Noise(800, 400);

        small.TryNormalize(photo, out var image, out _).Should().BeTrue();

        (image!.Width, image.Height).Should().Be((200, 100), "2/8 is the largest JPEG scale within 256 px");
        image.Jpeg.Length.Should().BeLessThan(Normalize(TestImages.Noise(200, 100)).Jpeg.Length, "quality 40 must be smaller than 85");
        small.TryNormalize(TestImages.Photo(800, 400, format: SKEncodedImageFormat.Png), out var png, out _).Should().BeTrue();
        (png!.Width, png.Height).Should().Be((256, 128), "a PNG is resampled to the configured side");
    }

    public enum Corner
    {
        TopLeft,
        TopRight,
        BottomLeft,
        BottomRight,
    }

    private NormalizedImage Normalize(byte[] raw)
    {
        _normalizer.TryNormalize(raw, out var image, out var rejection).Should().BeTrue(rejection?.Detail);
        return image!;
    }

    private string? Reject(byte[] raw) =>
        _normalizer.TryNormalize(raw, out _, out var rejection) ? null : rejection.Failure;

    private static (SKEncodedImageFormat, int, int) Decoded(byte[] bytes)
    {
        using var codec = SKCodec.Create(SKData.CreateCopy(bytes));
        return (codec.EncodedFormat, codec.Info.Width, codec.Info.Height);
    }

    private static SKColor Sample(SKBitmap bitmap, Corner corner)
    {
        var x = corner is Corner.TopLeft or Corner.BottomLeft ? bitmap.Width / 4 : bitmap.Width * 3 / 4;
        var y = corner is Corner.TopLeft or Corner.TopRight ? bitmap.Height / 4 : bitmap.Height * 3 / 4;
        return bitmap.GetPixel(x, y);
    }
}
