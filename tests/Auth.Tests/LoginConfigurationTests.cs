using System.Net;
using System.Net.Http.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OAuth;
using Growbin.Auth.OAuth;
using Microsoft.Extensions.Hosting.Internal;

namespace Growbin.Auth.Tests;

public sealed class LoginConfigurationTests
{
    [Theory]
    [InlineData("Production", "http://localhost:3000/auth/callback")]
    [InlineData("Testing", "http://127.0.0.1:3000/auth/callback")]
    [InlineData("Development", "http://app.example.com/auth/callback")]
    [InlineData("Production", "https://app.example.com/auth/callback#fragment")]
    [InlineData("Production", "/auth/callback")]
    public void A_redirect_uri_that_could_leak_codes_fails_the_start_up_validation(string environment, string redirectUri)
    {
        // Checked on the validator itself: a host whose start fails races WebApplicationFactory's deferred host.
        var validation = new OAuthOptionsValidation(new HostingEnvironment { EnvironmentName = environment });

        var result = validation.Validate(null, new OAuthOptions { RedirectUris = ["https://app.example.com/ok", redirectUri] });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(redirectUri).And.NotContain("https://app.example.com/ok'");
    }

    [Theory]
    [InlineData("Production", "https://app.example.com/auth/callback")]
    [InlineData("Development", "http://localhost:3000/auth/callback")]
    [InlineData("Development", "https://app.example.com/auth/callback?tab=login")]
    public void Https_and_local_development_redirect_uris_pass_the_start_up_validation(string environment, string redirectUri)
    {
        var validation = new OAuthOptionsValidation(new HostingEnvironment { EnvironmentName = environment });

        validation.Validate(null, new OAuthOptions { RedirectUris = [redirectUri] }).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task In_Development_an_http_localhost_redirect_uri_is_allowed()
    {
        await using var factory = new GrowbinAppFactory<Program>(new InMemoryDaprClient()) { EnvironmentName = "Development" }
            .WithSetting("Auth:OAuth:RedirectUris:0", "http://localhost:5173/callback");

        var client = factory.CreateClient();

        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_rotated_client_secret_is_picked_up_after_the_provider_refuses_the_old_one()
    {
        var host = new LoginHost();
        await host.InitializeAsync();
        await using (host)
        {
            await host.LoginAsAsync(FakeOAuthServer.Google, new FakeOAuthAccount("rotation-1", Nickname: "회전전"));
            host.OAuth.RegisterClient(FakeOAuthServer.Google, LoginHost.ClientId(FakeOAuthServer.Google), "rotated-secret");
            host.Dapr.SetSecret(DaprComponents.SecretStore, "oauth-google-client-secret", new() { ["oauth-google-client-secret"] = "rotated-secret" });

            var stale = await host.ConsentAsync(FakeOAuthServer.Google, new FakeOAuthAccount("rotation-2", Nickname: "회전중"));
            await LoginHost.ShouldBeProblemAsync(
                await host.LoginAsync(FakeOAuthServer.Google, stale.Code, stale.State), HttpStatusCode.BadGateway, "oauth-provider-error");

            await host.LoginAsAsync(FakeOAuthServer.Google, new FakeOAuthAccount("rotation-3", Nickname: "회전후"));
            host.OAuth.Requests.Last(r => r.Endpoint == "token").Form.Should().Contain("client_secret", "rotated-secret");
        }
    }

    [Fact]
    public async Task The_login_endpoints_are_in_the_openapi_document()
    {
        await using var factory = new GrowbinAppFactory<Program>(new InMemoryDaprClient());

        var document = await factory.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/v1/auth/{provider}/authorize", out var authorize).Should().BeTrue();
        authorize.TryGetProperty("get", out _).Should().BeTrue();
        paths.TryGetProperty("/api/v1/auth/login", out var login).Should().BeTrue();
        login.GetProperty("post").GetProperty("operationId").GetString().Should().Be("Login");
    }

    [Fact]
    public async Task A_provider_without_client_credentials_is_a_500_problem_and_stores_no_state()
    {
        var host = new LoginHost();
        await host.InitializeAsync();
        await using (host)
        {
            host.Dapr.SetSecret(DaprComponents.SecretStore, "oauth-naver-client-id", new() { ["some-other-key"] = "x" });
            var before = host.Dapr.StateKeys(DaprComponents.StateStore).Count;

            var response = await host.AuthorizeAsync(FakeOAuthServer.Naver);

            response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            host.Dapr.StateKeys(DaprComponents.StateStore).Should().HaveCount(before);
        }
    }
}
