using System.Net;
using System.Net.Http.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Growbin.TestSupport.Tests.Dapr;

#pragma warning disable CS0618 // DaprClient's HTTP invocation API is [Obsolete] in 1.19; these tests exercise it on purpose.

public sealed class InvocationTests : IAsyncLifetime
{
    private readonly InMemoryDaprClient _dapr = new();
    private WebApplication _app = null!;

    private sealed record Greeting(string Text);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        _app.MapPost("/greet", (Greeting g, HttpRequest r) =>
            Results.Ok(new Greeting($"{g.Text}, {r.Query["name"]} ({r.Headers["x-trace"]})")));
        _app.MapGet("/missing", () => Results.NotFound());
        await _app.StartAsync();
        _dapr.RegisterApp("greeter", _app.GetTestClient());
    }

    public async Task DisposeAsync()
    {
        _dapr.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public void Request_uses_the_sidecar_invoke_uri()
    {
        var request = _dapr.CreateInvokeMethodRequest(HttpMethod.Get, "greeter", "greet",
            [new KeyValuePair<string, string>("name", "Ann Lee")]);

        request.RequestUri!.AbsoluteUri.Should().Be("http://127.0.0.1:3500/v1.0/invoke/greeter/method/greet?name=Ann%20Lee");
    }

    [Fact]
    public async Task Invocation_reaches_registered_app_by_app_id()
    {
        var request = _dapr.CreateInvokeMethodRequest(HttpMethod.Post, "greeter", "greet",
            [new KeyValuePair<string, string>("name", "Ann")], new Greeting("Hello"));
        request.Headers.Add("x-trace", "t-1");

        var reply = await _dapr.InvokeMethodAsync<Greeting>(request);

        reply.Should().Be(new Greeting("Hello, Ann (t-1)"));
    }

    [Fact]
    public async Task Non_success_status_throws_InvocationException_carrying_the_response()
    {
        var act = () => _dapr.InvokeMethodAsync(HttpMethod.Get, "greeter", "missing");

        var thrown = await act.Should().ThrowAsync<InvocationException>();
        thrown.Which.AppId.Should().Be("greeter");
        thrown.Which.MethodName.Should().Be("missing");
        thrown.Which.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WithResponse_returns_non_success_status_without_throwing()
    {
        var response = await _dapr.InvokeMethodWithResponseAsync(_dapr.CreateInvokeMethodRequest(HttpMethod.Get, "greeter", "missing"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unregistered_app_answers_500_direct_invoke_error()
    {
        var response = await _dapr.InvokeMethodWithResponseAsync(_dapr.CreateInvokeMethodRequest(HttpMethod.Get, "ghost", "x"));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Contain("ERR_DIRECT_INVOKE");
    }

    [Fact]
    public async Task Invokable_http_client_routes_by_host_name()
    {
        using var client = _dapr.CreateInvokableHttpClient("greeter");

        var response = await client.PostAsJsonAsync("/greet?name=Bo", new Greeting("Hi"));

        (await response.Content.ReadFromJsonAsync<Greeting>()).Should().Be(new Greeting("Hi, Bo ()"));
    }
}
