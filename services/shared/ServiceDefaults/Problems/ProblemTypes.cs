namespace Growbin.ServiceDefaults.Problems;

/// <summary>
/// Stable ProblemDetails <c>type</c> URIs. Clients switch on these, never on <c>title</c> or <c>detail</c> text.
/// Service-specific types are built with <see cref="For"/>.
/// </summary>
public static class ProblemTypes
{
    public const string Base = "https://api.growbin.app/problems/";

    public const string Validation = Base + "validation";
    public const string BadRequest = Base + "bad-request";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string Conflict = Base + "conflict";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string RateLimited = Base + "rate-limited";
    public const string Internal = Base + "internal";
    public const string DependencyUnavailable = Base + "dependency-unavailable";

    public static string For(string slug) => Base + slug;

    /// <summary>The type used when an endpoint returns a bare status code.</summary>
    public static string? ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        500 => Internal,
        502 or 503 or 504 => DependencyUnavailable,
        _ => null,
    };
}
