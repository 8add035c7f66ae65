namespace Growbin.WasteApi;

/// <summary>What <see cref="ImageSniffer"/> found: a complete image of a known format and size, or why not.</summary>
public sealed record ImageCheck(string? Format, long Width, long Height, ImageDefect? Defect)
{
    public static readonly ImageCheck NotAnImage = new(null, 0, 0, ImageDefect.NotAnImage);

    public long Pixels => Width * Height;

    public static ImageCheck Image(string format, long width, long height) =>
        width == 0 || height == 0 ? new(format, width, height, ImageDefect.NotAnImage) : new(format, width, height, null);

    public static ImageCheck Truncated(string format) => new(format, 0, 0, ImageDefect.Truncated);
}
