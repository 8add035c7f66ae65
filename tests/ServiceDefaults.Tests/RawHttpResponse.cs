using System.Text;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>A response as read off the wire: status, headers (lower-case names) and the body, de-chunked.</summary>
internal sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static RawHttpResponse Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException($"No complete HTTP response head in {bytes.Length} bytes: '{text}'");
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawHttpResponse(status, headers, body);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (at < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            // Sizes count bytes; the bodies here are ASCII JSON, so characters and bytes agree.
            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }

        return body.ToString();
    }
}
