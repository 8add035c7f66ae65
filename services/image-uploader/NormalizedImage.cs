namespace Growbin.ImageUploader;

/// <summary>The cleaned image: an orientation-corrected, metadata-free JPEG and the lower-case hex SHA-256 of its bytes.</summary>
public sealed record NormalizedImage(byte[] Jpeg, string Sha256, int Width, int Height);
