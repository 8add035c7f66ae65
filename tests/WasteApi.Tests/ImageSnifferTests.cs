using Growbin.TestSupport.Images;

namespace Growbin.WasteApi.Tests;

public sealed class ImageSnifferTests
{
    [Fact]
    public void A_jpeg_is_recognised_with_its_size()
    {
        var check = ImageSniffer.Inspect(TestPhotos.Jpeg(640, 480));

        check.Should().Be(ImageCheck.Image("jpeg", 640, 480));
    }

    [Fact]
    public void A_png_is_recognised_with_its_size()
    {
        ImageSniffer.Inspect(TestPhotos.Png(320, 240)).Should().Be(ImageCheck.Image("png", 320, 240));
    }

    [Fact]
    public void A_bomb_declares_its_pixels_before_anything_is_decoded()
    {
        var check = ImageSniffer.Inspect(TestPhotos.BombPng());

        check.Defect.Should().BeNull();
        check.Pixels.Should().Be(400_000_000);
    }

    [Fact]
    public void A_cut_off_jpeg_or_png_is_truncated()
    {
        ImageSniffer.Inspect(TestPhotos.TruncatedJpeg()).Defect.Should().Be(ImageDefect.Truncated);
        var png = TestPhotos.Png();
        ImageSniffer.Inspect(png[..^20]).Defect.Should().Be(ImageDefect.Truncated);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 })] // GIF89a
    [InlineData(new byte[] { 0xFF, 0xD8 })]
    public void Anything_else_is_not_an_image(byte[] data)
    {
        ImageSniffer.Inspect(data).Defect.Should().Be(ImageDefect.NotAnImage);
    }

    [Fact]
    public void Text_is_not_an_image()
    {
        ImageSniffer.Inspect(TestPhotos.NotAnImage()).Should().Be(ImageCheck.NotAnImage);
    }
}
