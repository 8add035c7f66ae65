using System.Security.Cryptography;

namespace Growbin.VisionAnalyzer.Tests.Support;

/// <summary>Stand-ins for the JPEGs <c>upload</c> stores: a JPEG signature and unique bytes (nothing here decodes them).</summary>
public static class TestImages
{
    public static (byte[] Bytes, string Sha256) NewJpeg(int size = 2048)
    {
        var bytes = new byte[size];
        RandomNumberGenerator.Fill(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
