namespace Growbin.TestSupport.Dapr;

/// <summary>An object in the emulated bucket.</summary>
public sealed record S3StoredObject(string Key, byte[] Content, DateTimeOffset LastModified, string? ContentType)
{
    /// <summary>S3's ETag for a single-part upload: the quoted hex MD5 of the content.</summary>
    public string ETag => "\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Content)) + "\"";
}
