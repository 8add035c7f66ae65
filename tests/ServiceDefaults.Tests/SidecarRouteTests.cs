using System.Net;
using System.Net.Http.Headers;
using Growbin.ServiceDefaults.Events;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.Sidecar;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>
/// Sidecar-only routes (reserved prefixes and RequireSidecar endpoints) take the Dapr app API token when APP_API_TOKEN
/// is set, and nothing else; user routes, probes and metrics are untouched; without a token (never in
/// Production: AppApiTokenStartupTests) everything stays open.
/// </summary>
public sealed class SidecarRouteTests : IDisposable
{
    private const string AppToken = "app-token-7f3c1e";

    private readonly TestTokens _tokens = new();
    private int _calls;

    public void Dispose() => _tokens.Dispose();

    public static TheoryData<string, string> SidecarRoutes => new()
    {
        { "POST", "/internal/workflows/t-1" },
        { "POST", "/internal/ai-budget/reservations" },
        { "PUT", "/actors/ScanPipelineActor/t-1/method/remind/advance" },
        { "POST", "/events/thing-happened" },
        { "POST", "/my-binding" },
        { "OPTIONS", "/my-binding" },
    };

    [Theory]
    [MemberData(nameof(SidecarRoutes))]
    public async Task Without_the_header_a_sidecar_route_is_a_401_problem_and_its_handler_does_not_run(string method, string path)
    {
        await using var app = await StartAsync(AppToken);

        var response = await app.GetTestClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await ProblemDetailsTests.ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be(AppApiTokenHandler.SchemeName);
        _calls.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(SidecarRoutes))]
    public async Task With_the_sidecars_token_a_sidecar_route_runs(string method, string path)
    {
        await using var app = await StartAsync(AppToken);

        var response = await app.GetTestClient().SendAsync(Request(method, path, AppToken));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _calls.Should().Be(1);
    }

    [Theory]
    [InlineData("app-token-7f3c1f")]
    [InlineData("app-token-7f3c1e ")]
    [InlineData("APP-TOKEN-7F3C1E")]
    [InlineData("app-token")]
    [InlineData("x")]
    public async Task A_wrong_token_is_refused_without_echoing_either_token(string wrong)
    {
        await using var app = await StartAsync(AppToken);

        var response = await app.GetTestClient().SendAsync(Request("POST", "/internal/workflows/t-1", wrong));

        var problem = await ProblemDetailsTests.ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        problem.ToString().Should().NotContain(AppToken).And.NotContain(wrong);
        _calls.Should().Be(0);
    }

    [Fact]
    public async Task The_subscription_discovery_route_is_sidecar_only()
    {
        await using var app = await StartAsync(AppToken);
        var client = app.GetTestClient();

        (await client.GetAsync("/dapr/subscribe")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var listed = await client.SendAsync(Request("GET", "/dapr/subscribe", AppToken));
        listed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await listed.Content.ReadAsStringAsync()).Should().Contain("thing-happened");
    }

    [Fact]
    public async Task A_valid_user_token_does_not_open_a_sidecar_route()
    {
        await using var app = await StartAsync(AppToken, _tokens.ServeJwksFrom(new InMemoryDaprClient()));
        var request = new HttpRequestMessage(HttpMethod.Post, "/internal/workflows/t-1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("user-1"));

        var response = await app.GetTestClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        _calls.Should().Be(0);
    }

    [Fact]
    public async Task AllowAnonymous_on_a_group_under_a_reserved_prefix_does_not_open_it()
    {
        await using var app = await StartAsync(AppToken);

        var response = await app.GetTestClient().PostAsync("/internal/ai-budget/reservations", null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        _calls.Should().Be(0);
    }

    [Fact]
    public async Task Public_routes_still_take_the_user_bearer_and_never_the_app_token()
    {
        await using var app = await StartAsync(AppToken, _tokens.ServeJwksFrom(new InMemoryDaprClient()));
        var client = app.GetTestClient();

        var withAppTokenOnly = await client.SendAsync(Request("GET", "/api/v1/things/mine", AppToken));
        withAppTokenOnly.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        withAppTokenOnly.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");

        var withUser = new HttpRequestMessage(HttpMethod.Get, "/api/v1/things/mine");
        withUser.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.For("user-1"));
        var mine = await client.SendAsync(withUser);
        mine.StatusCode.Should().Be(HttpStatusCode.OK);
        (await mine.Content.ReadAsStringAsync()).Should().Be("user-1");

        (await client.GetAsync("/api/v1/things/open")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task Probes_metrics_and_openapi_stay_open(string path)
    {
        await using var app = await StartAsync(AppToken);

        (await app.GetTestClient().GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(SidecarRoutes))]
    public async Task Without_an_app_token_configured_sidecar_routes_are_open(string method, string path)
    {
        await using var app = await StartAsync(appToken: null);

        var response = await app.GetTestClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _calls.Should().Be(1);
    }

    [Theory]
    [InlineData("Testing", LogLevel.Information)]
    [InlineData("Development", LogLevel.Information)]
    public async Task Open_sidecar_routes_are_logged_once_at_start_up(string environment, LogLevel expected)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(appToken: null, logs: logs, environment: environment);

        var entries = logs.Entries.Where(e => e.Message.Contains("Sidecar-only routes are open", StringComparison.Ordinal)).ToList();
        entries.Should().ContainSingle().Which.Level.Should().Be(expected);
    }

    [Fact]
    public async Task A_configured_token_is_logged_without_its_value()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(AppToken, logs: logs, environment: "Production");
        await app.GetTestClient().PostAsync("/internal/workflows/t-1", null);

        logs.Entries.Should().Contain(e => e.Level == LogLevel.Information && e.Message.Contains("require the Dapr app API token", StringComparison.Ordinal));
        logs.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("/internal/workflows/t-1", StringComparison.Ordinal));
        logs.Entries.Should().NotContain(e => e.Message.Contains(AppToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dapr_double_sends_the_callees_app_token_like_a_sidecar()
    {
        await using var app = await StartAsync(AppToken);
        using var withToken = new InMemoryDaprClient().RegisterApp("worker", app.GetTestClient(), AppToken);
        using var withoutToken = new InMemoryDaprClient().RegisterApp("worker", app.GetTestClient());

        var accepted = await withToken.CreateInvokableHttpClient("worker").PostAsync("internal/workflows/t-1", null);
        var refused = await withoutToken.CreateInvokableHttpClient("worker").PostAsync("internal/workflows/t-1", null);

        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        _calls.Should().Be(1);
    }

    [Fact]
    public async Task Re_registering_an_app_without_a_token_stops_sending_it()
    {
        await using var app = await StartAsync(AppToken);
        using var dapr = new InMemoryDaprClient().RegisterApp("worker", app.GetTestClient(), AppToken);
        dapr.RegisterApp("worker", app.GetTestClient());

        var response = await dapr.CreateInvokableHttpClient("worker").PostAsync("internal/workflows/t-1", null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("abc", "abcd", false)]
    [InlineData("", "abc", false)]
    public void Tokens_match_only_when_equal(string presented, string expected, bool match) =>
        AppApiTokenHandler.TokensMatch(presented, expected).Should().Be(match);

    private static HttpRequestMessage Request(string method, string path, string appToken)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation(AppApiTokenHandler.HeaderName, appToken);
        return request;
    }

    private Task<WebApplication> StartAsync(
        string? appToken, InMemoryDaprClient? dapr = null, CapturingLoggerProvider? logs = null, string environment = "Testing") =>
        TestApp.StartAsync(
            app =>
            {
                app.MapPost("/internal/workflows/{taskId}", Handled);
                app.MapGroup("/internal/ai-budget").AllowAnonymous().MapPost("/reservations", Handled);
                app.MapPut("/actors/{type}/{id}/method/remind/{name}", Handled);
                app.MapSubscription("thing-happened", "/events/thing-happened", Handled);
                app.MapMethods("/my-binding", ["POST", "OPTIONS"], Handled).RequireSidecar();
                app.MapGet("/api/v1/things/mine", (HttpContext http) => http.User.Identity!.Name).RequireAuthorization();
                app.MapGet("/api/v1/things/open", () => "open");
            },
            dapr: dapr,
            settings: new Dictionary<string, string?> { [AppApiTokenOptions.ConfigurationKey] = appToken },
            logs: logs,
            environmentName: environment);

    private IResult Handled()
    {
        Interlocked.Increment(ref _calls);
        return Results.Ok();
    }
}
