using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Growbin.TestSupport.OAuth;

namespace Growbin.Auth.Tests;

/// <summary>
/// The fake provider checks PKCE as the real ones do (RFC 7636 §4.6; Google's answers), so the login tests above
/// prove something: these talk to its token endpoint directly over loopback HTTP.
/// </summary>
public sealed class FakeProviderPkceTests : IAsyncLifetime
{
    private const string RedirectUri = "https://app.growbin.test/auth/callback";
    private static readonly Dictionary<string, (string Authorize, string Token)> Endpoints = new()
    {
        [FakeOAuthServer.Kakao] = ("https://kauth.kakao.com/oauth/authorize", "oauth/token"),
        [FakeOAuthServer.Naver] = ("https://nid.naver.com/oauth2.0/authorize", "oauth2.0/token"),
        [FakeOAuthServer.Google] = ("https://accounts.google.com/o/oauth2/v2/auth", "token"),
    };

    private FakeOAuthServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOAuthServer.StartAsync();
        foreach (var provider in Endpoints.Keys)
        {
            _server.RegisterClient(provider, "id", "secret");
        }

        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao)]
    [InlineData(FakeOAuthServer.Google)]
    public async Task A_code_issued_for_a_challenge_is_traded_only_with_the_verifier_that_hashes_to_it(string provider)
    {
        var verifier = NewVerifier();

        (await TokenAsync(provider, Consent(provider, S256(verifier), "S256"), null)).Should().Be("invalid_grant");
        (await TokenAsync(provider, Consent(provider, S256(verifier), "S256"), NewVerifier())).Should().Be("invalid_grant");
        (await TokenAsync(provider, Consent(provider, S256(verifier), "S256"), S256(verifier))).Should().Be("invalid_grant");
        (await TokenAsync(provider, Consent(provider, S256(verifier), "S256"), verifier)).Should().BeNull();
    }

    [Fact]
    public async Task The_plain_method_is_the_default_and_compares_the_verifier_itself()
    {
        var verifier = NewVerifier();

        (await TokenAsync(FakeOAuthServer.Kakao, Consent(FakeOAuthServer.Kakao, verifier, method: null), verifier)).Should().BeNull();
        (await TokenAsync(FakeOAuthServer.Kakao, Consent(FakeOAuthServer.Kakao, S256(verifier), method: null), verifier)).Should().Be("invalid_grant");
    }

    [Fact]
    public async Task Google_refuses_a_verifier_for_a_code_issued_without_a_challenge_and_kakao_ignores_it()
    {
        (await TokenAsync(FakeOAuthServer.Google, Consent(FakeOAuthServer.Google, null, null), NewVerifier())).Should().Be("invalid_grant");
        (await TokenAsync(FakeOAuthServer.Kakao, Consent(FakeOAuthServer.Kakao, null, null), NewVerifier())).Should().BeNull();
    }

    [Fact]
    public async Task Naver_has_no_pkce_and_ignores_a_challenge()
    {
        var consent = Consent(FakeOAuthServer.Naver, S256(NewVerifier()), "S256");

        (await TokenAsync(FakeOAuthServer.Naver, consent, null)).Should().BeNull();
    }

    [Theory]
    [InlineData("S512", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")]
    [InlineData("S256", "too-short")]
    [InlineData("S256", "has+plus/and=padding_but_is_long_enough_to_pass_the_length_rule")]
    public void An_authorize_request_with_an_unsupported_method_or_a_malformed_challenge_is_refused(string method, string challenge)
    {
        var act = () => Consent(FakeOAuthServer.Google, challenge, method);

        act.Should().Throw<InvalidOperationException>().WithMessage("google refuses the authorize request: code_challenge*");
    }

    private FakeOAuthConsent Consent(string provider, string? challenge, string? method)
    {
        var url = $"{Endpoints[provider].Authorize}?response_type=code&client_id=id&redirect_uri={Uri.EscapeDataString(RedirectUri)}"
            + $"&state=s{Guid.NewGuid():N}&scope=openid";
        if (challenge is not null)
        {
            url += "&code_challenge=" + Uri.EscapeDataString(challenge);
        }

        if (method is not null)
        {
            url += "&code_challenge_method=" + method;
        }

        var id = provider == FakeOAuthServer.Kakao ? "4800000001" : "pkce-account";
        return _server.Consent(url, new FakeOAuthAccount(id, Nickname: "pkce"));
    }

    /// <returns>The token endpoint's <c>error</c>, or null when it handed out an access token.</returns>
    private async Task<string?> TokenAsync(string provider, FakeOAuthConsent consent, string? verifier)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "id",
            ["client_secret"] = "secret",
            ["redirect_uri"] = consent.RedirectUri,
            ["code"] = consent.Code,
            ["state"] = consent.State,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        using var response = await _http.PostAsync(Endpoints[provider].Token, new FormUrlEncodedContent(form));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("error", out var error))
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            return error.GetString();
        }

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
        return null;
    }

    private static string NewVerifier() => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static string S256(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
