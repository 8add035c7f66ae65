namespace Growbin.Contracts.Pipeline;

/// <summary>
/// Output of <c>upload</c>: the cleaned image (EXIF/GPS stripped, at most 1024 px, JPEG) stored at
/// <c>images/{sha256}.jpg</c>. The hash is of the normalised JPEG, so the same photo gives the same key.
/// </summary>
public sealed record UploadedImage(string ImageKey, string Sha256, int Width, int Height, long Bytes);
