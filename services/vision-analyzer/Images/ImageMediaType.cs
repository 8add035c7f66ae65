namespace Growbin.VisionAnalyzer.Images;

/// <summary>The image formats the model accepts, told apart by their magic bytes.</summary>
public static class ImageMediaType
{
    /// <returns>The media type, or null for anything the model would not accept as an image.</returns>
    public static string? Of(ReadOnlySpan<byte> data) => data switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => null,
    };
}
