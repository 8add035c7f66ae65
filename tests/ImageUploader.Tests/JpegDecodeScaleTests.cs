using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Growbin.ImageUploader.Tests;

/// <summary>
/// A JPEG is shrunk by the decoder's own M/8 scaling to the largest size within <see cref="UploadOptions.MaxSide"/>
/// and not resampled again; PNG and WebP are still resampled to exactly MaxSide.
/// </summary>
public sealed class JpegDecodeScaleTests : IDisposable
{
    private const int MaxSide = 1024;

    private readonly ImageNormalizer _normalizer = new(Options.Create(new UploadOptions()));

    public void Dispose() => _normalizer.Dispose();

    [Fact]
    public void A_1600x1200_jpeg_comes_out_at_the_decoders_5_8_scale()
    {
        var image = Normalize(TestImages.Photo(1600, 1200));

        (image.Width, image.Height).Should().Be((1000, 750));
        Decoded(image.Jpeg).Should().Be((SKEncodedImageFormat.Jpeg, 1000, 750));
    }

    // libjpeg rounds scaled sides up (⌈side·M/8⌉): 2049 px at 4/8 is 1025, one pixel too many, so 3/8 it is.
    [Theory]
    [InlineData(1025, 769, 897, 673)] // 7/8
    [InlineData(1600, 1200, 1000, 750)] // 5/8
    [InlineData(2048, 1536, 1024, 768)] // 4/8, exactly the limit
    [InlineData(2049, 1537, 769, 577)] // 3/8: 4/8 rounds up to 1025
    [InlineData(4032, 3024, 1008, 756)] // 2/8
    [InlineData(3024, 4032, 756, 1008)] // portrait
    [InlineData(4608, 3456, 576, 432)] // 1/8: 2/8 would be 1152
    [InlineData(8192, 1000, 1024, 125)] // 1/8, exactly the limit
    public void The_longest_side_of_a_jpeg_is_never_above_the_limit(int width, int height, int expectedWidth, int expectedHeight)
    {
        var image = Normalize(TestImages.Photo(width, height));

        (image.Width, image.Height).Should().Be((expectedWidth, expectedHeight));
        Math.Max(image.Width, image.Height).Should().BeLessThanOrEqualTo(MaxSide);
        Decoded(image.Jpeg).Should().Be((SKEncodedImageFormat.Jpeg, expectedWidth, expectedHeight));
    }

    [Theory]
    [InlineData(4032, 3024, 6, 756, 1008)] // a phone portrait: stored landscape, EXIF turns it
    [InlineData(2049, 1537, 8, 577, 769)]
    [InlineData(1600, 1200, 3, 1000, 750)]
    public void A_rotated_jpeg_is_scaled_by_the_decoder_and_then_only_turned(int width, int height, ushort orientation,
        int expectedWidth, int expectedHeight)
    {
        var image = Normalize(TestImages.WithExif(TestImages.Photo(width, height), orientation: orientation));

        (image.Width, image.Height).Should().Be((expectedWidth, expectedHeight));
        Math.Max(image.Width, image.Height).Should().BeLessThanOrEqualTo(MaxSide);
    }

    [Fact]
    public void A_large_rotated_jpeg_is_turned_the_right_way()
    {
        // Red is the stored top-left quadrant; orientation 6 (turn 90° clockwise) puts it top-right.
        var image = Normalize(TestImages.WithExif(TestImages.RedTopLeftQuadrant(1600, 1200), orientation: 6));

        (image.Width, image.Height).Should().Be((750, 1000));
        using var upright = SKBitmap.Decode(image.Jpeg);
        upright.GetPixel(750 * 3 / 4, 1000 / 4).Red.Should().BeGreaterThan(180);
        upright.GetPixel(750 / 4, 1000 / 4).Blue.Should().BeGreaterThan(180);
        upright.GetPixel(750 * 3 / 4, 1000 * 3 / 4).Blue.Should().BeGreaterThan(180);
    }

    [Theory]
    [InlineData(640, 480)]
    [InlineData(1024, 768)]
    [InlineData(1024, 1024)]
    [InlineData(768, 1024)]
    public void A_jpeg_within_the_limit_keeps_its_size(int width, int height)
    {
        var image = Normalize(TestImages.Photo(width, height));

        (image.Width, image.Height).Should().Be((width, height));
    }

    [Fact]
    public void A_jpeg_over_eight_times_the_limit_is_decoded_at_1_8_and_resampled_to_the_limit()
    {
        var image = Normalize(TestImages.Photo(9000, 1000)); // 1/8 is 1125x125

        (image.Width, image.Height).Should().Be((1024, 114));
    }

    [Theory]
    [InlineData(1600, 1200, 1024, 768)]
    [InlineData(2049, 1537, 1024, 768)]
    [InlineData(1200, 1600, 768, 1024)]
    public void A_png_is_still_resampled_to_the_limit(int width, int height, int expectedWidth, int expectedHeight)
    {
        var image = Normalize(TestImages.Photo(width, height, format: SKEncodedImageFormat.Png));

        (image.Width, image.Height).Should().Be((expectedWidth, expectedHeight));
        Decoded(image.Jpeg).Should().Be((SKEncodedImageFormat.Jpeg, expectedWidth, expectedHeight));
    }

    [Theory]
    [InlineData(1)] // encoded straight from the decoded (sRGB-tagged) pixels
    [InlineData(6)] // drawn 1:1 to turn it
    public void A_jpeg_at_its_decoded_size_carries_no_icc_profile_or_other_metadata(ushort orientation)
    {
        var image = Normalize(TestImages.WithExif(TestImages.Photo(1600, 1200), orientation: orientation, gps: true));

        JpegSegments.Markers(image.Jpeg).Should().NotContain(m => JpegSegments.IsMetadata(m), "no EXIF, ICC (APP2) or comment");
        System.Text.Encoding.ASCII.GetString(image.Jpeg).Should().NotContain("ICC_PROFILE").And.NotContain("Exif");
    }

    [Fact]
    public void The_same_jpeg_gives_the_same_bytes_on_the_direct_path()
    {
        var photo = TestImages.Photo(1600, 1200, seed: 5);

        Normalize(photo).Jpeg.Should().Equal(Normalize(photo.ToArray()).Jpeg);
    }

    private NormalizedImage Normalize(byte[] raw)
    {
        _normalizer.TryNormalize(raw, out var image, out var rejection).Should().BeTrue(rejection?.Detail);
        return image!;
    }

    private static (SKEncodedImageFormat, int, int) Decoded(byte[] bytes)
    {
        using var codec = SKCodec.Create(SKData.CreateCopy(bytes));
        return (codec.EncodedFormat, codec.Info.Width, codec.Info.Height);
    }
}
