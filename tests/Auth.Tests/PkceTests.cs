using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Growbin.Auth.OAuth;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.OAuth;
using Microsoft.AspNetCore.WebUtilities;

namespace Growbin.Auth.Tests;

/// <summary>
/// PKCE (RFC 7636, S256) for kakao and google, and the state secret every real provider's login needs: the state
/// alone, as it travels in redirect URLs, cannot complete a login, and a code cannot be moved into another login.
/// </summary>
public sealed class PkceTests(LoginHost host) : IClassFixture<LoginHost>
{
    private const string InvalidState = "invalid-oauth-state";

    [Theory]
    [InlineData(FakeOAuthServer.Kakao)]
    [InlineData(FakeOAuthServer.Google)]
    public async Task Authorize_sends_an_S256_challenge_of_a_verifier_kept_only_in_the_state_record(string provider)
    {
        var authorize = await host.AuthorizeOkAsync(provider);

        var query = QueryHelpers.ParseQuery(new Uri(authorize.AuthorizationUrl).Query);
        query["code_challenge_method"].ToString().Should().Be("S256");
        var challenge = query["code_challenge"].ToString();
        challenge.Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
        var record = StoredRecord(authorize.State);
        var verifier = record.GetProperty("codeVerifier").GetString()!;
        verifier.Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
        S256(verifier).Should().Be(challenge);
        authorize.AuthorizationUrl.Should().NotContain(verifier);
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao)]
    [InlineData(FakeOAuthServer.Naver)]
    [InlineData(FakeOAuthServer.Google)]
    public async Task Authorize_returns_a_state_secret_that_is_stored_only_as_a_hash_and_never_put_in_the_url(string provider)
    {
        var authorize = await host.AuthorizeOkAsync(provider);

        authorize.StateSecret.Should().MatchRegex("^[A-Za-z0-9_-]{43}$").And.NotBe(authorize.State);
        authorize.AuthorizationUrl.Should().NotContain(authorize.StateSecret);
        var json = host.Dapr.GetStoredJson(DaprComponents.StateStore, StateKey(authorize.State))!;
        json.Should().NotContain(authorize.StateSecret);
        StoredRecord(authorize.State).GetProperty("secretHash").GetString().Should().Be(Sha256Hex(authorize.StateSecret!));
    }

    [Fact]
    public async Task Naver_which_has_no_pkce_gets_no_challenge_and_keeps_no_verifier()
    {
        var authorize = await host.AuthorizeOkAsync(FakeOAuthServer.Naver);

        var query = QueryHelpers.ParseQuery(new Uri(authorize.AuthorizationUrl).Query);
        query.Should().NotContainKey("code_challenge").And.NotContainKey("code_challenge_method");
        StoredRecord(authorize.State).TryGetProperty("codeVerifier", out var verifier).Should().BeTrue();
        verifier.ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_verifier_lives_exactly_as_long_as_its_state()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var timed = new LoginHost("Testing", daprTime: time);
        await timed.InitializeAsync();
        await using (timed)
        {
            var authorize = await timed.AuthorizeOkAsync(FakeOAuthServer.Google);
            var key = StateKey(authorize.State);

            time.Advance(TimeSpan.FromSeconds(599));
            timed.Dapr.GetStoredJson(DaprComponents.StateStore, key).Should().Contain("\"codeVerifier\":\"");
            time.Advance(TimeSpan.FromSeconds(2));
            timed.Dapr.GetStoredJson(DaprComponents.StateStore, key).Should().BeNull();
        }
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao, "4700000001", true)]
    [InlineData(FakeOAuthServer.Google, "108700000000000000001", true)]
    [InlineData(FakeOAuthServer.Naver, "naver-pkce-1", false)]
    public async Task The_code_exchange_sends_the_verifier_that_hashes_to_the_authorize_challenge(string provider, string id, bool pkce)
    {
        var authorize = await host.AuthorizeOkAsync(provider);
        var consent = host.OAuth.Consent(authorize.AuthorizationUrl, new FakeOAuthAccount(id, Nickname: "검증자"));
        var before = host.OAuth.Requests.Count;

        await host.LoginOkAsync(provider, consent);

        var token = host.OAuth.Requests.Skip(before).First(r => r.Endpoint == "token");
        if (pkce)
        {
            var challenge = QueryHelpers.ParseQuery(new Uri(authorize.AuthorizationUrl).Query)["code_challenge"].ToString();
            S256(token.Form["code_verifier"]).Should().Be(challenge);
        }
        else
        {
            token.Form.Should().NotContainKey("code_verifier");
        }

        token.Form.Values.Should().NotContain(authorize.StateSecret, "the state secret stays between the client and auth");
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao, "4700000002")]
    [InlineData(FakeOAuthServer.Google, "108700000000000000002")]
    [InlineData(FakeOAuthServer.Naver, "naver-pkce-2")]
    public async Task A_code_moved_into_another_login_with_its_valid_state_and_secret_is_refused_and_stores_nothing(string provider, string id)
    {
        // The attacker's own consent yields a code; the victim's app holds a valid state and its secret.
        var attacker = await host.ConsentAsync(provider, new FakeOAuthAccount(id, Nickname: "공격자"));
        var victim = await host.AuthorizeOkAsync(provider);
        var snapshot = await SnapshotAsync();
        var before = host.OAuth.Requests.Count;

        var response = await host.LoginWithSecretAsync(provider, attacker.Code, victim.State, victim.StateSecret);

        var problem = await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "invalid-oauth-code");
        problem.GetProperty("detail").GetString().Should().Contain(provider);
        (await SnapshotAsync()).Should().Be(snapshot);
        (await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM growbin.user_identities WHERE provider = $1 AND subject = $2", provider, id)).Should().Be(0);
        var calls = host.OAuth.Requests.Skip(before).ToList();
        calls.Select(c => c.Endpoint).Should().Equal(["token"], "the provider refused the exchange, so no profile was read");
        if (provider != FakeOAuthServer.Naver)
        {
            calls[0].Form.Should().ContainKey("code_verifier", "the victim's verifier, which does not hash to the attacker's challenge");
        }
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao, "another state's secret")]
    [InlineData(FakeOAuthServer.Naver, "another state's secret")]
    [InlineData(FakeOAuthServer.Google, "another state's secret")]
    [InlineData(FakeOAuthServer.Naver, "made up")]
    [InlineData(FakeOAuthServer.Naver, "the state itself")]
    [InlineData(FakeOAuthServer.Google, "made up")]
    public async Task A_valid_state_with_a_wrong_secret_is_refused_before_the_provider_and_stays_usable_by_its_owner(
        string provider, string kind)
    {
        var account = new FakeOAuthAccount(provider == FakeOAuthServer.Naver ? $"naver-{Guid.NewGuid():N}" : NumericId(), Nickname: "비밀확인");
        var authorize = await host.AuthorizeOkAsync(provider);
        var consent = host.OAuth.Consent(authorize.AuthorizationUrl, account);
        var secret = kind switch
        {
            "another state's secret" => (await host.AuthorizeOkAsync(provider)).StateSecret,
            "made up" => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)),
            _ => consent.State,
        };
        var snapshot = await SnapshotAsync();
        var keys = host.Dapr.StateKeys(DaprComponents.StateStore).Count;
        var calls = host.OAuth.Requests.Count;

        var response = await host.LoginWithSecretAsync(provider, consent.Code, consent.State, secret);

        var problem = await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, InvalidState);
        problem.GetProperty("detail").GetString().Should().Contain("stateSecret");
        host.OAuth.Requests.Should().HaveCount(calls, "a refused state never reaches the provider");
        (await SnapshotAsync()).Should().Be(snapshot);
        host.Dapr.StateKeys(DaprComponents.StateStore).Should().HaveCount(keys, "the state is kept and nothing is added");

        var login = await host.LoginOkAsync(provider, consent);
        login.IsNewUser.Should().BeTrue();
    }

    [Theory]
    [InlineData(FakeOAuthServer.Naver, null)]
    [InlineData(FakeOAuthServer.Naver, "")]
    [InlineData(FakeOAuthServer.Kakao, null)]
    [InlineData(FakeOAuthServer.Google, null)]
    public async Task A_login_without_the_state_secret_is_a_validation_problem_and_spends_nothing(string provider, string? secret)
    {
        var account = new FakeOAuthAccount(provider == FakeOAuthServer.Naver ? $"naver-{Guid.NewGuid():N}" : NumericId(), Nickname: "비밀없음");
        var consent = await host.ConsentAsync(provider, account);
        var snapshot = await SnapshotAsync();
        var keys = host.Dapr.StateKeys(DaprComponents.StateStore).Count;
        var calls = host.OAuth.Requests.Count;

        var response = await host.LoginWithSecretAsync(provider, consent.Code, consent.State, secret);

        var problem = await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("stateSecret");
        host.OAuth.Requests.Should().HaveCount(calls);
        (await SnapshotAsync()).Should().Be(snapshot);
        host.Dapr.StateKeys(DaprComponents.StateStore).Should().HaveCount(keys);
        await host.LoginOkAsync(provider, consent);
    }

    [Fact]
    public async Task An_oversized_state_secret_is_a_validation_problem_and_spends_nothing()
    {
        var consent = await host.ConsentAsync(FakeOAuthServer.Naver, new FakeOAuthAccount("naver-oversized", Nickname: "긴비밀"));
        var snapshot = await SnapshotAsync();
        var calls = host.OAuth.Requests.Count;

        var response = await host.LoginWithSecretAsync(FakeOAuthServer.Naver, consent.Code, consent.State, new string('s', 129));

        var problem = await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").TryGetProperty("stateSecret", out _).Should().BeTrue();
        host.OAuth.Requests.Should().HaveCount(calls);
        (await SnapshotAsync()).Should().Be(snapshot);
        await host.LoginOkAsync(FakeOAuthServer.Naver, consent);
    }

    [Fact]
    public async Task A_state_record_without_a_secret_is_refused_for_a_real_provider()
    {
        // A record as written before states had a secret: no hash to check a secret against.
        const string state = "c3RhdGUtd3JpdHRlbi1iZWZvcmUtc3RhdGVzLWhhZC1zZWNyZXRz";
        await host.Dapr.SaveStateAsync(DaprComponents.StateStore, StateKey(state),
            new OAuthStateRecord(FakeOAuthServer.Naver, LoginHost.RedirectUri, DateTimeOffset.UtcNow),
            metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "600" });
        var consent = host.OAuth.Consent(
            $"https://nid.naver.com/oauth2.0/authorize?response_type=code&client_id={LoginHost.ClientId(FakeOAuthServer.Naver)}"
            + $"&redirect_uri={Uri.EscapeDataString(LoginHost.RedirectUri)}&state={state}",
            new FakeOAuthAccount("naver-legacy-state", Nickname: "옛상태"));
        var snapshot = await SnapshotAsync();
        var calls = host.OAuth.Requests.Count;

        var response = await host.LoginWithSecretAsync(FakeOAuthServer.Naver, consent.Code, state, "any-secret-at-all");

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, InvalidState);
        host.OAuth.Requests.Should().HaveCount(calls);
        (await SnapshotAsync()).Should().Be(snapshot);
    }

    [Fact]
    public async Task Of_concurrent_logins_with_one_state_only_the_holder_of_its_secret_gets_in()
    {
        var authorize = await host.AuthorizeOkAsync(FakeOAuthServer.Kakao);
        var consent = host.OAuth.Consent(authorize.AuthorizationUrl, new FakeOAuthAccount(NumericId(), Nickname: "경쟁"));
        var users = await host.UserCountAsync();

        var attempts = Enumerable.Range(0, 6)
            .Select(i => host.LoginWithSecretAsync(FakeOAuthServer.Kakao, consent.Code, consent.State,
                i == 3 ? authorize.StateSecret : Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32))))
            .ToList();
        var responses = await Task.WhenAll(attempts);

        responses[3].StatusCode.Should().Be(HttpStatusCode.OK, await responses[3].Content.ReadAsStringAsync());
        foreach (var refused in responses.Where((_, i) => i != 3))
        {
            await LoginHost.ShouldBeProblemAsync(refused, HttpStatusCode.BadRequest, InvalidState);
        }

        (await host.UserCountAsync()).Should().Be(users + 1);
    }

    private JsonElement StoredRecord(string state) =>
        JsonDocument.Parse(host.Dapr.GetStoredJson(DaprComponents.StateStore, StateKey(state))!).RootElement.Clone();

    private static string StateKey(string state) => OAuthStateStore.KeyPrefix + Sha256Hex(state);

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    // RFC 7636 §4.2, computed here independently of auth's code.
    private static string S256(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string NumericId() =>
        Random.Shared.NextInt64(8_000_000_000, 9_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(long Users, long Identities, int Tokens)> SnapshotAsync() =>
        (await host.UserCountAsync(), await host.IdentityCountAsync(), host.TokenStateCount());
}
