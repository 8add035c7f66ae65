namespace Growbin.WasteApi;

public enum ImageDefect
{
    /// <summary>Not a JPEG, PNG or WebP.</summary>
    NotAnImage,

    /// <summary>The file stops before the image does (an interrupted upload).</summary>
    Truncated,
}
