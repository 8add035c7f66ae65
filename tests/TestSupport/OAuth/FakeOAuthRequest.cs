namespace Growbin.TestSupport.OAuth;

/// <summary>One call as <see cref="FakeOAuthServer"/> received it.</summary>
/// <param name="Provider">kakao, naver or google (from the path).</param>
/// <param name="Endpoint"><c>token</c> or <c>profile</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The request path with its query string.</param>
/// <param name="ContentType">The Content-Type header, if any.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Form">The form fields of a token request (empty for profile requests).</param>
public sealed record FakeOAuthRequest(
    string Provider,
    string Endpoint,
    string Method,
    string PathAndQuery,
    string? ContentType,
    string? Authorization,
    IReadOnlyDictionary<string, string> Form);
