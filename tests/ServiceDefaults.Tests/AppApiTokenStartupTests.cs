using System.Net;
using Growbin.ServiceDefaults.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>
/// In Production an app refuses to start without APP_API_TOKEN: Dapr's injector sets it only on daprd
/// (dapr/dapr pkg/injector/patcher/sidecar_container.go), so a pod that forgot to give it to the app would serve every
/// sidecar-only route open. Elsewhere (Development, tests, local `dapr run`) the app starts without it.
/// </summary>
public sealed class AppApiTokenStartupTests
{
    private const string AppToken = "app-token-5d1b9a";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task In_Production_an_app_without_the_token_does_not_start_and_says_why(string? token)
    {
        var start = () => StartAsync("Production", token);

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should().Contain(AppApiTokenOptions.ConfigurationKey)
            .And.Contain("Production")
            .And.Contain("dapr-app-token")
            .And.Contain("secretKeyRef");
    }

    [Fact]
    public async Task The_check_runs_when_the_host_starts_even_before_any_route_is_mapped()
    {
        // ValidateOnStart: the host's own start-up validation, not a side effect of MapDefaultEndpoints reading the options.
        var start = () => TestApp.StartAsync(
            mapDefaults: false,
            settings: new Dictionary<string, string?> { [AppApiTokenOptions.ConfigurationKey] = null },
            environmentName: "Production");

        await start.Should().ThrowAsync<OptionsValidationException>();
    }

    [Fact]
    public async Task In_Production_with_the_token_the_app_starts_and_its_sidecar_routes_take_only_the_token()
    {
        await using var app = await StartAsync("Production", AppToken);
        var client = app.GetTestClient();

        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync("/internal/things", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var fromSidecar = new HttpRequestMessage(HttpMethod.Post, "/internal/things");
        fromSidecar.Headers.TryAddWithoutValidation(AppApiTokenHandler.HeaderName, AppToken);
        (await client.SendAsync(fromSidecar)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public async Task Outside_Production_the_app_starts_without_the_token_and_its_sidecar_routes_stay_open(string environment)
    {
        await using var app = await StartAsync(environment, token: null);

        (await app.GetTestClient().PostAsync("/internal/things", null)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static Task<WebApplication> StartAsync(string environment, string? token) =>
        TestApp.StartAsync(
            app => app.MapPost("/internal/things", () => Results.Ok()),
            settings: new Dictionary<string, string?> { [AppApiTokenOptions.ConfigurationKey] = token },
            environmentName: environment);
}
