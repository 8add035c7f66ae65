using System.Net;
using System.Text;
using System.Text.Json;
using Growbin.TestSupport.OAuth;

namespace Growbin.Auth.Tests;

public sealed class LoginValidationTests(LoginHost host) : IClassFixture<LoginHost>
{
    [Theory]
    [InlineData("github")]
    [InlineData("KAKAO")]
    [InlineData("dev")]
    public async Task Authorize_with_an_unknown_provider_is_404_and_stores_no_state(string provider)
    {
        var before = host.Dapr.StateKeys("statestore").Count;

        var response = await host.AuthorizeAsync(provider);

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.NotFound, "unknown-provider");
        host.Dapr.StateKeys("statestore").Should().HaveCount(before);
    }

    [Theory]
    [InlineData("github")]
    [InlineData("dev")]
    public async Task Login_with_an_unknown_provider_is_404(string provider)
    {
        var authorize = await host.AuthorizeOkAsync(FakeOAuthServer.Kakao);

        var response = await host.LoginAsync(provider, "some-code", authorize.State);

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.NotFound, "unknown-provider");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example/auth/callback")]
    [InlineData("https://app.growbin.test/auth/callback/extra")]
    [InlineData("https://app.growbin.test/auth/callback?next=/admin")]
    [InlineData("http://app.growbin.test/auth/callback")]
    [InlineData("/auth/callback")]
    public async Task Authorize_with_a_redirect_uri_outside_the_allow_list_is_400_and_stores_no_state(string? redirectUri)
    {
        var before = host.Dapr.StateKeys("statestore").Count;

        var response = await host.AuthorizeAsync(FakeOAuthServer.Google, redirectUri);

        var problem = await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").TryGetProperty("redirectUri", out _).Should().BeTrue();
        host.Dapr.StateKeys("statestore").Should().HaveCount(before);
    }

    [Fact]
    public async Task Login_with_a_redirect_uri_outside_the_allow_list_is_400_and_leaves_the_state_usable()
    {
        var consent = await host.ConsentAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount("4300000001", Nickname: "허용목록"));

        var response = await host.LoginAsync(FakeOAuthServer.Kakao, consent.Code, consent.State, "https://evil.example/cb");

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        await host.LoginOkAsync(FakeOAuthServer.Kakao, consent);
    }

    [Theory]
    [InlineData("{}", new[] { "provider", "code", "state", "redirectUri" })]
    [InlineData("""{"provider":null,"code":"c","state":"s","redirectUri":"https://app.growbin.test/auth/callback"}""", new[] { "provider" })]
    [InlineData("""{"provider":"kakao","code":"","state":"s","redirectUri":"https://app.growbin.test/auth/callback"}""", new[] { "code" })]
    [InlineData("""{"provider":"kakao","code":"c","state":"   ","redirectUri":"https://app.growbin.test/auth/callback"}""", new[] { "state" })]
    [InlineData("""{"provider":"kakao","code":"c","state":"s"}""", new[] { "redirectUri" })]
    public async Task Login_with_missing_fields_is_a_validation_problem_per_field_and_stores_nothing(string body, string[] fields)
    {
        var snapshot = await SnapshotAsync();

        var response = await Post(body);

        var problem = await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(fields);
        (await SnapshotAsync()).Should().Be(snapshot);
    }

    [Fact]
    public async Task Login_with_an_oversized_code_is_a_validation_problem()
    {
        var authorize = await host.AuthorizeOkAsync(FakeOAuthServer.Naver);
        var calls = host.OAuth.Requests.Count;

        var response = await host.LoginAsync(FakeOAuthServer.Naver, new string('c', 2049), authorize.State);

        var problem = await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").TryGetProperty("code", out _).Should().BeTrue();
        host.OAuth.Requests.Should().HaveCount(calls);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("""{"provider":42,"code":"c","state":"s","redirectUri":"https://app.growbin.test/auth/callback"}""")]
    [InlineData("""{"provider":"kakao",""")]
    public async Task Login_with_an_unreadable_body_is_400_and_stores_nothing(string body)
    {
        var snapshot = await SnapshotAsync();

        var response = await Post(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString()
            .Should().StartWith("https://api.growbin.app/problems/");
        (await SnapshotAsync()).Should().Be(snapshot);
    }

    private Task<HttpResponseMessage> Post(string body) =>
        host.Client.PostAsync("/api/v1/auth/login", new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<(long Users, long Identities, int State)> SnapshotAsync() =>
        (await host.UserCountAsync(), await host.IdentityCountAsync(), host.Dapr.StateKeys("statestore").Count);
}
