using System.Text;
using System.Text.Json;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.OAuth;

namespace Growbin.TestSupport.Tests.OAuth;

public sealed class FakeOAuthServerTests : IAsyncLifetime
{
    private const string RedirectUri = "https://app.example/cb";
    private readonly InMemoryDaprClient _dapr = new();
    private FakeOAuthServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOAuthServer.StartAsync();
        _server.RegisterClient(FakeOAuthServer.Kakao, "id", "secret").AttachTo(_dapr);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dapr.Dispose();
    }

    [Fact]
    public void Consent_refuses_an_authorize_url_with_an_unknown_client()
    {
        var act = () => _server.Consent(
            $"https://kauth.kakao.com/oauth/authorize?response_type=code&client_id=other&redirect_uri={RedirectUri}&state=s",
            new FakeOAuthAccount("1"));

        act.Should().Throw<InvalidOperationException>().WithMessage("*client_id*");
    }

    [Fact]
    public async Task A_code_is_traded_once_for_a_token_that_reads_the_kakao_profile()
    {
        var consent = _server.Consent(
            $"https://kauth.kakao.com/oauth/authorize?response_type=code&client_id=id&redirect_uri={RedirectUri}&state=s1",
            new FakeOAuthAccount("42", "a@example.com", "닉네임", "https://img.example/a.png"));
        consent.State.Should().Be("s1");

        var first = await ExchangeAsync(consent.Code);
        var second = await ExchangeAsync(consent.Code);

        first.Metadata["statusCode"].Should().Be("200");
        var token = JsonDocument.Parse(first.Data).RootElement.GetProperty("access_token").GetString();
        second.Metadata["statusCode"].Should().Be("400");
        JsonDocument.Parse(second.Data).RootElement.GetProperty("error").GetString().Should().Be("invalid_grant");

        var profile = await _dapr.InvokeBindingAsync(new BindingRequest(DaprComponents.OAuthKakaoProfile, "get")
        {
            Metadata = { ["path"] = "/v2/user/me", ["Authorization"] = "Bearer " + token },
        });
        var json = JsonDocument.Parse(profile.Data).RootElement;
        json.GetProperty("id").GetInt64().Should().Be(42);
        json.GetProperty("kakao_account").GetProperty("profile").GetProperty("nickname").GetString().Should().Be("닉네임");
        _server.Requests.Select(r => r.Endpoint).Should().Equal("token", "token", "profile");
        _server.Requests[0].Form.Should().Contain("client_secret", "secret");
    }

    [Fact]
    public async Task A_scripted_failure_answers_the_next_call_only()
    {
        _server.FailNext(FakeOAuthServer.Kakao, FakeOAuthFailure.TokenServerError);

        var failed = await ExchangeAsync("whatever");
        var next = await ExchangeAsync("whatever");

        failed.Metadata["statusCode"].Should().Be("500");
        next.Metadata["statusCode"].Should().Be("400", "an unknown code is refused as invalid_grant");
    }

    private Task<BindingResponse> ExchangeAsync(string code) =>
        _dapr.InvokeBindingAsync(new BindingRequest(DaprComponents.OAuthKakao, "post")
        {
            Data = Encoding.UTF8.GetBytes($"grant_type=authorization_code&client_id=id&client_secret=secret&redirect_uri={Uri.EscapeDataString(RedirectUri)}&code={Uri.EscapeDataString(code)}"),
            Metadata = { ["path"] = "/oauth/token", ["Content-Type"] = "application/x-www-form-urlencoded" },
        });
}
