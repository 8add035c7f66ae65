using System.Net;
using Growbin.Contracts;
using Growbin.TestSupport.OAuth;

namespace Growbin.Auth.Tests;

public sealed class LoginProviderFailureTests(LoginHost host) : IClassFixture<LoginHost>
{
    public static TheoryData<string, FakeOAuthFailure> ProviderFailures()
    {
        var data = new TheoryData<string, FakeOAuthFailure>();
        foreach (var provider in new[] { FakeOAuthServer.Kakao, FakeOAuthServer.Naver, FakeOAuthServer.Google })
        {
            foreach (var failure in new[]
                     {
                         FakeOAuthFailure.TokenServerError, FakeOAuthFailure.TokenMalformedJson, FakeOAuthFailure.ProfileServerError,
                         FakeOAuthFailure.ProfileMalformedJson, FakeOAuthFailure.ProfileWithoutId,
                     })
            {
                data.Add(provider, failure);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProviderFailures))]
    public async Task A_provider_failure_is_502_and_creates_no_user(string provider, FakeOAuthFailure failure)
    {
        var consent = await host.ConsentAsync(provider, new FakeOAuthAccount(NewId(provider), "fail@example.com", "실패"));
        host.OAuth.FailNext(provider, failure);
        var users = await host.UserCountAsync();
        var identities = await host.IdentityCountAsync();
        var tokens = host.TokenStateCount();

        var response = await host.LoginAsync(provider, consent.Code, consent.State);

        var problem = await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadGateway, "oauth-provider-error");
        var detail = problem.GetProperty("detail").GetString();
        detail.Should().Contain(provider).And.NotContain(LoginHost.ClientSecret(provider)).And.NotContain(consent.Code);
        (await host.UserCountAsync()).Should().Be(users);
        (await host.IdentityCountAsync()).Should().Be(identities);
        host.TokenStateCount().Should().Be(tokens);
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao)]
    [InlineData(FakeOAuthServer.Naver)]
    [InlineData(FakeOAuthServer.Google)]
    public async Task A_code_the_provider_calls_expired_or_used_is_400_invalid_code(string provider)
    {
        var consent = await host.ConsentAsync(provider, new FakeOAuthAccount(NewId(provider), Nickname: "만료코드"));
        host.OAuth.FailNext(provider, FakeOAuthFailure.TokenInvalidGrant);
        var users = await host.UserCountAsync();

        var response = await host.LoginAsync(provider, consent.Code, consent.State);

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "invalid-oauth-code");
        (await host.UserCountAsync()).Should().Be(users);
    }

    [Theory]
    [InlineData(FakeOAuthServer.Kakao)]
    [InlineData(FakeOAuthServer.Naver)]
    [InlineData(FakeOAuthServer.Google)]
    public async Task A_code_used_for_a_second_login_is_refused_by_the_provider_as_invalid_code(string provider)
    {
        var account = new FakeOAuthAccount(NewId(provider), Nickname: "코드재사용");
        var consent = await host.ConsentAsync(provider, account);
        await host.LoginOkAsync(provider, consent);
        var again = await host.AuthorizeOkAsync(provider);
        var users = await host.UserCountAsync();

        // A fresh state, but the code the provider already traded once.
        var response = await host.LoginAsync(provider, consent.Code, again.State);

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "invalid-oauth-code");
        (await host.UserCountAsync()).Should().Be(users);
    }

    [Fact]
    public async Task A_provider_that_cannot_be_reached_is_502()
    {
        var consent = await host.ConsentAsync(FakeOAuthServer.Google, new FakeOAuthAccount(NewId(FakeOAuthServer.Google), Nickname: "불통"));
        var unreachable = new Growbin.TestSupport.Dapr.HttpBindingHandler("http://127.0.0.1:1") { ErrorIfNot2XX = false };
        host.Dapr.RegisterBinding(DaprComponents.OAuthGoogle, unreachable);
        try
        {
            var response = await host.LoginAsync(FakeOAuthServer.Google, consent.Code, consent.State);

            await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadGateway, "oauth-provider-error");
        }
        finally
        {
            host.OAuth.AttachTo(host.Dapr);
            unreachable.Dispose();
        }
    }

    private static string NewId(string provider) =>
        provider == FakeOAuthServer.Kakao
            ? Random.Shared.NextInt64(7_000_000_000, 8_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : $"{provider}-{Guid.NewGuid():N}";
}
