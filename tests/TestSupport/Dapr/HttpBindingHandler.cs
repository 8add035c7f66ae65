using System.Globalization;
using System.Text;
using Dapr.Client;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// Plays Dapr's bindings.http output binding over real HTTP, as components-contrib's bindings/http does: the request
/// goes to the component's base <c>url</c> joined with metadata <c>path</c>; the operation is the method (<c>create</c>
/// is <c>post</c>; only post, put and patch send <c>data</c> as the body); metadata keys starting with a capital letter
/// become request headers; Content-Type defaults to <c>application/json; charset=utf-8</c> when there is a body and
/// Accept to the same always. The response's body is the data; its metadata holds <c>statusCode</c>, <c>status</c>
/// ("200 OK") and every response header (canonical names, values joined with ", "). A non-2xx status is an error unless
/// <see cref="ErrorIfNot2XX"/> is false or the request's metadata <c>errorIfNot2XX</c> says otherwise.
/// </summary>
public sealed class HttpBindingHandler : IBindingHandler, IDisposable
{
    private const string DefaultContentType = "application/json; charset=utf-8";

    // contrib bindings/http/http.go Operations, in its order (daprd lists them in that order when it refuses one).
    private static readonly string[] Operations = ["create", "get", "head", "post", "put", "patch", "delete", "options", "trace"];

    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length", "Content-Location",
        "Content-MD5", "Content-Range", "Content-Type", "Expires", "Last-Modified",
    };

    private readonly HttpClient _client;
    private readonly bool _ownsClient;

    /// <param name="url">The component's <c>url</c> metadata.</param>
    /// <param name="client">The client to send with (the handler then does not dispose it); a fresh one otherwise.</param>
    public HttpBindingHandler(string url, HttpClient? client = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        Url = url;
        _ownsClient = client is null;
        _client = client ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 10 })
        {
            // The component sets no client timeout (only an optional responseTimeout); tests should not hang forever either.
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public string Url { get; }

    /// <summary>The component's <c>errorIfNot2XX</c> (default true).</summary>
    public bool ErrorIfNot2XX { get; init; } = true;

    /// <summary>The component's <c>maxResponseBodySize</c> in bytes (default 100 MiB; 0 or less: no limit). Longer bodies are cut.</summary>
    public long MaxResponseBodySize { get; init; } = 100L << 20;

    /// <summary>The component's <c>securityToken</c>, sent in <see cref="SecurityTokenHeader"/> when both are set.</summary>
    public string? SecurityToken { get; init; }

    /// <summary>The component's <c>securityTokenHeader</c>.</summary>
    public string? SecurityTokenHeader { get; init; }

    public async Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct)
    {
        var metadata = request.Metadata;
        var url = Url;
        if (metadata.TryGetValue("path", out var path) && !string.IsNullOrEmpty(path))
        {
            url = Url.TrimEnd('/') + "/" + path.TrimStart('/');
        }

        var errorIfNot2XX = metadata.TryGetValue("errorIfNot2XX", out var flag) && !string.IsNullOrEmpty(flag)
            ? IsTruthy(flag)
            : ErrorIfNot2XX;

        // daprd checks the operation before the component sees it, case-sensitively (dapr/dapr
        // pkg/runtime/processor/binding/send.go sendToOutputBinding: slices.Contains(binding.Operations(), op)).
        if (!Operations.Contains(request.Operation, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"binding {request.BindingName} does not support operation {request.Operation}. supported operations:{string.Join(' ', Operations)}");
        }

        var method = request.Operation.ToUpperInvariant() is "CREATE" ? "POST" : request.Operation.ToUpperInvariant();
        var hasBody = method is "POST" or "PUT" or "PATCH";

        using var message = new HttpRequestMessage(new HttpMethod(method), url);
        if (hasBody)
        {
            message.Content = new ByteArrayContent(request.Data.ToArray());
            if (!metadata.ContainsKey("Content-Type"))
            {
                SetHeader(message, "Content-Type", DefaultContentType);
            }
        }

        if (!metadata.ContainsKey("Accept"))
        {
            SetHeader(message, "Accept", DefaultContentType);
        }

        if (!string.IsNullOrEmpty(SecurityToken) && !string.IsNullOrEmpty(SecurityTokenHeader))
        {
            SetHeader(message, SecurityTokenHeader, SecurityToken);
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length > 0 && key[0] is >= 'A' and <= 'Z')
            {
                SetHeader(message, key, value);
            }
        }

        foreach (var trace in new[] { "traceparent", "tracestate", "baggage" })
        {
            if (metadata.TryGetValue(trace, out var value) && !string.IsNullOrEmpty(value))
            {
                SetHeader(message, trace, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex)
        {
            // Go's net/http wording: Post "http://host/path": <reason>
            throw new HttpRequestException($"{method[0]}{method[1..].ToLowerInvariant()} \"{url}\": {ex.Message}", ex);
        }

        using (response)
        {
            var body = await ReadBodyAsync(response, ct);
            var result = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["statusCode"] = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
                ["status"] = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(),
            };
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                result[Canonical(name)] = string.Join(", ", values);
            }

            if (errorIfNot2XX && (int)response.StatusCode / 100 != 2)
            {
                throw new InvalidOperationException($"received status code {(int)response.StatusCode}");
            }

            return new BindingResponse(request, body, result);
        }
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            var room = MaxResponseBodySize > 0 ? (int)Math.Min(read, MaxResponseBodySize - buffer.Length) : read;
            buffer.Write(chunk, 0, room);
            if (MaxResponseBodySize > 0 && buffer.Length >= MaxResponseBodySize)
            {
                break; // like io.LimitReader: the rest is silently dropped
            }
        }

        return buffer.ToArray();
    }

    // Go's Header.Set: replaces any value. Content headers live on the content in .NET, so a body-less request that
    // sets one gets an empty content to carry it.
    private static void SetHeader(HttpRequestMessage message, string name, string value)
    {
        if (ContentHeaders.Contains(name))
        {
            message.Content ??= new ByteArrayContent([]);
            message.Content.Headers.Remove(name);
            message.Content.Headers.TryAddWithoutValidation(name, value);
            return;
        }

        message.Headers.Remove(name);
        message.Headers.TryAddWithoutValidation(name, value);
    }

    // kit/strings.IsTruthy
    private static bool IsTruthy(string value) =>
        value.Trim().ToLowerInvariant() is "y" or "yes" or "true" or "t" or "on" or "1";

    // textproto.CanonicalMIMEHeaderKey: "content-type" → "Content-Type".
    private static string Canonical(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            builder.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            upper = c == '-';
        }

        return builder.ToString();
    }
}
