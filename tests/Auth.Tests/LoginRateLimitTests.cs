using System.Net;
using System.Text;
using Growbin.TestSupport.OAuth;

namespace Growbin.Auth.Tests;

public sealed class LoginRateLimitTests
{
    [Fact]
    public async Task Past_the_limit_authorize_and_login_are_429_problem_details_with_retry_after()
    {
        var host = new LoginHost("Testing", permitLimit: 3);
        await host.InitializeAsync();
        await using (host)
        {
            (await host.AuthorizeAsync(FakeOAuthServer.Kakao)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await host.AuthorizeAsync(FakeOAuthServer.Google)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await host.Client.PostAsync("/api/v1/auth/login", new StringContent("{}", Encoding.UTF8, "application/json")))
                .StatusCode.Should().Be(HttpStatusCode.BadRequest, "a refused login counts too");

            var authorize = await host.AuthorizeAsync(FakeOAuthServer.Naver);
            var login = await host.LoginAsync(FakeOAuthServer.Naver, "code", "state");

            foreach (var response in new[] { authorize, login })
            {
                await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.TooManyRequests, "rate-limited");
                int.Parse(response.Headers.GetValues("Retry-After").Single()).Should().BeInRange(1, 60);
            }

            host.OAuth.Requests.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task The_limit_does_not_cover_the_other_token_endpoints()
    {
        var host = new LoginHost("Testing", permitLimit: 1);
        await host.InitializeAsync();
        await using (host)
        {
            (await host.AuthorizeAsync(FakeOAuthServer.Kakao)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await host.AuthorizeAsync(FakeOAuthServer.Kakao)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

            var jwks = await host.Client.GetAsync("/api/v1/auth/.well-known/jwks.json");

            jwks.StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }
}
