using System.Net;
using System.Net.Http.Json;
using Growbin.TestSupport.OAuth;
using Microsoft.AspNetCore.WebUtilities;

namespace Growbin.Auth.Tests;

public sealed class LoginProviderTests(LoginHost host) : IClassFixture<LoginHost>
{
    [Theory]
    [InlineData(FakeOAuthServer.Kakao, "https://kauth.kakao.com/oauth/authorize", null)]
    [InlineData(FakeOAuthServer.Naver, "https://nid.naver.com/oauth2.0/authorize", null)]
    [InlineData(FakeOAuthServer.Google, "https://accounts.google.com/o/oauth2/v2/auth", "openid email profile")]
    public async Task Authorize_points_at_the_providers_consent_page_with_a_fresh_state(string provider, string page, string? scope)
    {
        var response = await host.AuthorizeAsync(provider);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var body = (await response.Content.ReadFromJsonAsync<LoginHost.AuthorizeBody>())!;
        body.Provider.Should().Be(provider);
        body.ExpiresIn.Should().Be(600);
        Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(body.State).Should().HaveCount(32);
        var url = new Uri(body.AuthorizationUrl);
        url.GetLeftPart(UriPartial.Path).Should().Be(page);
        var query = QueryHelpers.ParseQuery(url.Query);
        query["response_type"].ToString().Should().Be("code");
        query["client_id"].ToString().Should().Be(LoginHost.ClientId(provider));
        query["redirect_uri"].ToString().Should().Be(LoginHost.RedirectUri);
        query["state"].ToString().Should().Be(body.State);
        if (scope is null)
        {
            query.Should().NotContainKey("scope");
        }
        else
        {
            query["scope"].ToString().Should().Be(scope);
        }

        url.Query.Should().NotContain(LoginHost.ClientSecret(provider));
    }

    [Fact]
    public async Task Two_authorize_calls_give_different_states_and_only_a_hash_of_each_is_stored()
    {
        var first = await host.AuthorizeOkAsync(FakeOAuthServer.Kakao);
        var second = await host.AuthorizeOkAsync(FakeOAuthServer.Kakao);

        first.State.Should().NotBe(second.State);
        var keys = host.Dapr.StateKeys("statestore").Where(k => k.StartsWith("auth|oauth-state|", StringComparison.Ordinal)).ToList();
        keys.Should().HaveCountGreaterThanOrEqualTo(2);
        foreach (var key in keys)
        {
            key.Should().NotContain(first.State).And.NotContain(second.State);
            host.Dapr.GetStoredJson("statestore", key).Should().NotContain(first.State).And.NotContain(second.State);
        }
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao, "4100000001")]
    [InlineData(FakeOAuthServer.Naver, "naver-Ab12Cd34")]
    [InlineData(FakeOAuthServer.Google, "108500000000000000001")]
    public async Task First_login_creates_the_user_and_identity_in_the_database(string provider, string id)
    {
        var account = new FakeOAuthAccount(id, $"{provider}@example.com", $"{provider}친구", $"https://img.example.com/{provider}.png");
        var consent = await host.ConsentAsync(provider, account);

        var response = await host.LoginAsync(provider, consent.Code, consent.State);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var login = (await response.Content.ReadFromJsonAsync<LoginHost.LoginBody>())!;
        login.IsNewUser.Should().BeTrue();
        login.TokenType.Should().Be("Bearer");
        login.ExpiresIn.Should().Be(900);
        Guid.TryParse(login.UserId, out _).Should().BeTrue();
        (await host.Database.ScalarAsync<string>(
                "SELECT nickname FROM growbin.users WHERE id = $1::uuid", login.UserId)).Should().Be($"{provider}친구");
        (await host.Database.ScalarAsync<string>(
                "SELECT profile_image_url FROM growbin.users WHERE id = $1::uuid", login.UserId)).Should().Be($"https://img.example.com/{provider}.png");
        (await host.Database.ScalarAsync<string>(
                "SELECT user_id::text FROM growbin.user_identities WHERE provider = $1 AND subject = $2", provider, id)).Should().Be(login.UserId);
        (await host.Database.ScalarAsync<string>(
                "SELECT email FROM growbin.user_identities WHERE provider = $1 AND subject = $2", provider, id)).Should().Be($"{provider}@example.com");
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao, "4100000002")]
    [InlineData(FakeOAuthServer.Naver, "naver-second")]
    [InlineData(FakeOAuthServer.Google, "108500000000000000002")]
    public async Task Logging_in_again_finds_the_same_user_without_a_second_users_row(string provider, string id)
    {
        var account = new FakeOAuthAccount(id, null, "다시온사람");
        var first = await host.LoginAsAsync(provider, account);
        var users = await host.UserCountAsync();

        var second = await host.LoginAsAsync(provider, account);

        second.UserId.Should().Be(first.UserId);
        second.IsNewUser.Should().BeFalse();
        (await host.UserCountAsync()).Should().Be(users);
        (await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM growbin.user_identities WHERE user_id = $1::uuid", first.UserId)).Should().Be(1);
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao, "4100000003")]
    [InlineData(FakeOAuthServer.Naver, "naver-tokens")]
    [InlineData(FakeOAuthServer.Google, "108500000000000000003")]
    public async Task The_tokens_from_login_verify_and_refresh(string provider, string id)
    {
        var login = await host.LoginAsAsync(provider, new FakeOAuthAccount(id, Nickname: "토큰확인"));

        var verify = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/verify");
        verify.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", login.AccessToken);
        var verified = await host.Client.SendAsync(verify);
        verified.StatusCode.Should().Be(HttpStatusCode.OK);
        (await verified.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["userId"].Should().Be(login.UserId);

        var refreshed = await host.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login.RefreshToken });
        refreshed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await refreshed.Content.ReadFromJsonAsync<LoginHost.LoginBody>())!.RefreshToken.Should().NotBe(login.RefreshToken);
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao, "4100000004")]
    [InlineData(FakeOAuthServer.Naver, "naver-exchange")]
    [InlineData(FakeOAuthServer.Google, "108500000000000000004")]
    public async Task The_code_exchange_sends_the_client_credentials_and_redirect_uri_and_the_profile_call_the_access_token(
        string provider, string id)
    {
        var consent = await host.ConsentAsync(provider, new FakeOAuthAccount(id, Nickname: "교환확인"));
        var before = host.OAuth.Requests.Count;

        await host.LoginOkAsync(provider, consent);

        var calls = host.OAuth.Requests.Skip(before).ToList();
        calls.Select(c => c.Endpoint).Should().Equal("token", "profile");
        var token = calls[0];
        token.Provider.Should().Be(provider);
        token.Method.Should().Be("POST");
        token.ContentType.Should().Be("application/x-www-form-urlencoded");
        token.Form.Should().Contain("grant_type", "authorization_code")
            .And.Contain("client_id", LoginHost.ClientId(provider))
            .And.Contain("client_secret", LoginHost.ClientSecret(provider))
            .And.Contain("redirect_uri", LoginHost.RedirectUri)
            .And.Contain("code", consent.Code);
        if (provider == FakeOAuthServer.Naver)
        {
            token.Form.Should().Contain("state", consent.State);
        }
        else
        {
            token.Form.Should().NotContainKey("state");
        }

        calls[1].Method.Should().Be("GET");
        calls[1].Authorization.Should().StartWith("Bearer ").And.HaveLength("Bearer ".Length + 32);
    }

    [Fact]
    public async Task Concurrent_first_logins_of_one_account_make_one_user()
    {
        var account = new FakeOAuthAccount("108500000000000000011", Nickname: "동시가입");
        var consents = new List<FakeOAuthConsent>();
        for (var i = 0; i < 4; i++)
        {
            consents.Add(await host.ConsentAsync(FakeOAuthServer.Google, account));
        }

        var logins = await Task.WhenAll(consents.Select(c => host.LoginOkAsync(FakeOAuthServer.Google, c)));

        logins.Select(l => l.UserId).Distinct().Should().ContainSingle();
        logins.Count(l => l.IsNewUser).Should().Be(1);
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM growbin.users WHERE id = $1::uuid", logins[0].UserId)).Should().Be(1);
        (await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM growbin.user_identities WHERE provider = 'google' AND subject = '108500000000000000011'")).Should().Be(1);
    }

    [Fact]
    public async Task A_nickname_the_user_changed_is_not_overwritten_by_the_next_login()
    {
        var account = new FakeOAuthAccount("4100000005", "old@example.com", "처음이름");
        var first = await host.LoginAsAsync(FakeOAuthServer.Kakao, account);
        await using (var command = host.Database.Sql.CreateCommand("UPDATE growbin.users SET nickname = '바꾼이름' WHERE id = $1::uuid"))
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = first.UserId });
            await command.ExecuteNonQueryAsync();
        }

        await host.LoginAsAsync(FakeOAuthServer.Kakao, account with { Nickname = "카카오새이름", Email = "new@example.com" });

        (await host.Database.ScalarAsync<string>("SELECT nickname FROM growbin.users WHERE id = $1::uuid", first.UserId))
            .Should().Be("바꾼이름");
        (await host.Database.ScalarAsync<string>(
            "SELECT email FROM growbin.user_identities WHERE provider = 'kakao' AND subject = '4100000005'")).Should().Be("new@example.com");
    }

    [Theory]
    [InlineData(null, "사용자")]
    [InlineData("x", "사용자")]
    [InlineData("  \u0007\u200B ", "사용자")]
    [InlineData("이름이\u0000 너무\t\t길어서 잘려야 하는 아주 긴 닉네임", "이름이 너무 길어서 잘려야 하는 아주")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀")]
    public async Task Provider_nicknames_are_fitted_to_the_users_table(string? nickname, string expectedStart)
    {
        var id = Random.Shared.NextInt64(5_000_000_000, 6_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var login = await host.LoginAsAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount(id, Nickname: nickname));

        var stored = await host.Database.ScalarAsync<string>("SELECT nickname FROM growbin.users WHERE id = $1::uuid", login.UserId);
        stored.Should().StartWith(expectedStart);
        if (expectedStart == "사용자")
        {
            stored.Should().MatchRegex("^사용자[0-9]{4}$");
        }
        else
        {
            stored.Should().Be(expectedStart);
        }
    }

    [Theory]
    [InlineData("http://img.example.com/a.png")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative.png")]
    public async Task A_profile_image_that_is_not_absolute_https_is_not_kept(string url)
    {
        var id = Random.Shared.NextInt64(6_000_000_000, 7_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var login = await host.LoginAsAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount(id, Nickname: "이미지", ProfileImageUrl: url));

        (await host.Database.ScalarAsync<string>("SELECT profile_image_url FROM growbin.users WHERE id = $1::uuid", login.UserId))
            .Should().BeNull();
    }

    [Fact]
    public async Task A_profile_image_url_longer_than_2048_characters_is_not_kept()
    {
        var login = await host.LoginAsAsync(FakeOAuthServer.Google,
            new FakeOAuthAccount("108500000000000000009", Nickname: "긴주소", ProfileImageUrl: "https://img.example.com/" + new string('a', 2048)));

        (await host.Database.ScalarAsync<string>("SELECT profile_image_url FROM growbin.users WHERE id = $1::uuid", login.UserId))
            .Should().BeNull();
    }

    [Fact]
    public async Task The_same_subject_at_two_providers_is_two_users()
    {
        var naver = await host.LoginAsAsync(FakeOAuthServer.Naver, new FakeOAuthAccount("shared-subject", Nickname: "네이버"));
        var google = await host.LoginAsAsync(FakeOAuthServer.Google, new FakeOAuthAccount("shared-subject", Nickname: "구글"));

        google.UserId.Should().NotBe(naver.UserId);
        google.IsNewUser.Should().BeTrue();
    }

    [Fact]
    public async Task Every_statement_of_a_login_is_parameterised()
    {
        var before = host.Database.Binding.Executed.Count;

        await host.LoginAsAsync(FakeOAuthServer.Google, new FakeOAuthAccount("108500000000000000010", "p@example.com", "파라미터"));

        var statements = host.Database.Binding.Executed.Skip(before).ToList();
        statements.Should().ContainSingle();
        statements[0].Sql.Should().NotContain("108500000000000000010").And.NotContain("파라미터").And.NotContain("p@example.com");
    }
}
