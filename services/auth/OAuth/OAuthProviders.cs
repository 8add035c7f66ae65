using Growbin.Contracts;

namespace Growbin.Auth.OAuth;

/// <summary>The providers auth knows (ARCHITECTURE §2): kakao, naver, google, and dev in Development only.</summary>
public static class OAuthProviders
{
    public const string DevName = "dev";

    public static readonly OAuthProvider Kakao = new(
        Name: "kakao",
        AuthorizeUrl: "https://kauth.kakao.com/oauth/authorize",
        Scope: null,
        TokenBinding: DaprComponents.OAuthKakao,
        TokenPath: "/oauth/token",
        ProfileBinding: DaprComponents.OAuthKakaoProfile,
        // Without secure_resource Kakao may hand out http image URLs, which auth would drop.
        ProfilePath: "/v2/user/me?secure_resource=true",
        ExchangeSendsState: false,
        // Kakao's own SDKs send code_challenge (S256) to /oauth/authorize and code_verifier to /oauth/token
        // (kakao/kakao_flutter_sdk packages/kakao_flutter_sdk_auth/lib/src/auth_code.dart, auth_api.dart).
        UsesPkce: true,
        CodeRejectedErrors: new HashSet<string>(StringComparer.Ordinal) { "invalid_grant" },
        ProfileParser: new KakaoProfileParser());

    public static readonly OAuthProvider Naver = new(
        Name: "naver",
        AuthorizeUrl: "https://nid.naver.com/oauth2.0/authorize",
        Scope: null,
        TokenBinding: DaprComponents.OAuthNaver,
        TokenPath: "/oauth2.0/token",
        ProfileBinding: DaprComponents.OAuthNaverProfile,
        ProfilePath: "/v1/nid/me",
        ExchangeSendsState: true,
        // Naver's login API documents no PKCE; its states are bound to the client by the state secret alone.
        UsesPkce: false,
        // Naver answers an unknown or used code with 200 {"error":"invalid_request","error_description":"no valid data in session"}.
        CodeRejectedErrors: new HashSet<string>(StringComparer.Ordinal) { "invalid_grant", "invalid_request" },
        ProfileParser: new NaverProfileParser());

    public static readonly OAuthProvider Google = new(
        Name: "google",
        AuthorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
        Scope: "openid email profile",
        TokenBinding: DaprComponents.OAuthGoogle,
        TokenPath: "/token",
        ProfileBinding: DaprComponents.OAuthGoogleProfile,
        ProfilePath: "/v1/userinfo",
        ExchangeSendsState: false,
        UsesPkce: true,
        CodeRejectedErrors: new HashSet<string>(StringComparer.Ordinal) { "invalid_grant" },
        ProfileParser: new GoogleProfileParser());

    /// <summary>No provider behind it: authorize answers the redirect URI itself, and the code is the nickname.</summary>
    public static readonly OAuthProvider Dev = new(
        Name: DevName,
        AuthorizeUrl: string.Empty,
        Scope: null,
        TokenBinding: null,
        TokenPath: string.Empty,
        ProfileBinding: null,
        ProfilePath: string.Empty,
        ExchangeSendsState: false,
        UsesPkce: false,
        CodeRejectedErrors: new HashSet<string>(),
        ProfileParser: null);

    public static IReadOnlyList<OAuthProvider> Real { get; } = [Kakao, Naver, Google];

    /// <summary>The provider of that name; <c>dev</c> only when <paramref name="includeDev"/> (the environment is Development).</summary>
    public static OAuthProvider? Find(string? name, bool includeDev) =>
        name == DevName
            ? (includeDev ? Dev : null)
            : Real.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
}
