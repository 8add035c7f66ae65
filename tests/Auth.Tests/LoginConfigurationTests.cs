using System.Net;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OAuth;
using Microsoft.Extensions.Options;

namespace Growbin.Auth.Tests;

public sealed class LoginConfigurationTests
{
    [Theory]
    [InlineData("Production", "http://localhost:3000/auth/callback")]
    [InlineData("Development", "http://app.example.com/auth/callback")]
    [InlineData("Production", "https://app.example.com/auth/callback#fragment")]
    [InlineData("Production", "/auth/callback")]
    public async Task A_redirect_uri_that_could_leak_codes_stops_the_app_at_start(string environment, string redirectUri)
    {
        await using var factory = new GrowbinAppFactory<Program>(new InMemoryDaprClient()) { EnvironmentName = environment }
            .WithSetting("Auth:OAuth:RedirectUris:0", redirectUri);

        var start = () => factory.CreateClient();

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(redirectUri);
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
