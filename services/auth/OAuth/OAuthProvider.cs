namespace Growbin.Auth.OAuth;

/// <summary>
/// One login provider as data. The token and profile endpoints live on different hosts, and a bindings.http
/// component has one base url, so each provider has two bindings. The <c>dev</c> provider has neither.
/// </summary>
/// <param name="Name">The name in the API paths and in <c>user_identities.provider</c>.</param>
/// <param name="AuthorizeUrl">Where the client sends the user to consent.</param>
/// <param name="Scope">The scope to ask for, when the provider wants one in the authorize URL.</param>
/// <param name="TokenBinding">bindings.http component of the token endpoint's host.</param>
/// <param name="TokenPath">Path of the token endpoint (POST, form-encoded).</param>
/// <param name="ProfileBinding">bindings.http component of the profile endpoint's host.</param>
/// <param name="ProfilePath">Path of the profile endpoint (GET with the provider's access token).</param>
/// <param name="ExchangeSendsState">Whether the code exchange repeats <c>state</c> (naver requires it).</param>
/// <param name="UsesPkce">Whether authorize sends an S256 <c>code_challenge</c> and the exchange its <c>code_verifier</c>
/// (RFC 7636; kakao and google support it, naver documents no PKCE).</param>
/// <param name="CodeRejectedErrors">Token-endpoint <c>error</c> values meaning the code is expired, used or unknown.</param>
/// <param name="ProfileParser">Reads the profile JSON.</param>
public sealed record OAuthProvider(
    string Name,
    string AuthorizeUrl,
    string? Scope,
    string? TokenBinding,
    string TokenPath,
    string? ProfileBinding,
    string ProfilePath,
    bool ExchangeSendsState,
    bool UsesPkce,
    IReadOnlySet<string> CodeRejectedErrors,
    IOAuthProfileParser? ProfileParser)
{
    /// <summary>The Development-only provider: no provider round trip, the code is the nickname.</summary>
    public bool IsDev => TokenBinding is null;

    /// <summary>The secret holding the client id (value under the key of the same name).</summary>
    public string ClientIdSecret => $"oauth-{Name}-client-id";

    /// <summary>The secret holding the client secret (value under the key of the same name).</summary>
    public string ClientSecretSecret => $"oauth-{Name}-client-secret";
}
