using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Growbin.ServiceDefaults.Caching;

/// <summary>
/// A JSON body serialised once, with a strong ETag (a hash of the bytes) and a Cache-Control lifetime. Answers
/// <c>304 Not Modified</c> without a body when the request's <c>If-None-Match</c> names the same ETag.
/// Build immutable responses once at start-up and return the same instance on every request. A body written in one of
/// several languages carries its <c>Content-Language</c> and <c>Vary: Accept-Language</c>, so a shared cache keeps one
/// copy per language (RFC 9110 §12.5.5); its ETag differs from the other languages' because its bytes do.
/// </summary>
public sealed class CacheableJson : IResult
{
    private const string JsonContentType = "application/json; charset=utf-8";

    private readonly byte[] _body;
    private readonly string _cacheControl;
    private readonly string? _contentLanguage;

    private CacheableJson(byte[] body, TimeSpan maxAge, string? contentLanguage)
    {
        _body = body;
        _contentLanguage = contentLanguage;
        ETag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"");
        _cacheControl = $"public, max-age={(long)maxAge.TotalSeconds}";
    }

    public EntityTagHeaderValue ETag { get; }

    public ReadOnlyMemory<byte> Body => _body;

    /// <param name="contentLanguage">The body's language tag ("ko", "en") when it was chosen by Accept-Language.</param>
    public static CacheableJson Create<T>(T value, JsonSerializerOptions options, TimeSpan maxAge, string? contentLanguage = null) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, options), maxAge, contentLanguage);

    /// <summary>Serialises with the app's HTTP JSON options, so cached bodies look exactly like the rest of the API.</summary>
    public static CacheableJson Create<T>(T value, IServiceProvider services, TimeSpan maxAge) =>
        Create(value, services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions, maxAge);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var headers = response.GetTypedHeaders();
        headers.ETag = ETag;
        response.Headers.CacheControl = _cacheControl;
        if (_contentLanguage is not null)
        {
            // On the 304 too: it must carry the Vary the 200 would (RFC 9110 §15.4.5).
            response.Headers.ContentLanguage = _contentLanguage;
            response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptLanguage);
        }

        if (IsNotModified(httpContext.Request))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonContentType;
        response.ContentLength = _body.Length;
        return HttpMethods.IsHead(httpContext.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(_body, httpContext.RequestAborted).AsTask();
    }

    private bool IsNotModified(HttpRequest request)
    {
        // RFC 9110 §13.1.2: If-None-Match uses the weak comparison; "*" matches any current representation.
        var candidates = request.GetTypedHeaders().IfNoneMatch;
        return candidates.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(ETag, useStrongComparison: false));
    }
}
