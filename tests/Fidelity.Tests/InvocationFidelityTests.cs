using System.Net;
using System.Net.Http.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Growbin.Fidelity.Tests;

#pragma warning disable CS0618 // DaprClient's HTTP invocation API is [Obsolete] in 1.19; these tests exercise it on purpose.

/// <summary>
/// HTTP service invocation as the .NET client (dotnet-sdk src/Dapr.Client/DaprClientGrpc.cs, InvocationHandler.cs) and
/// daprd's direct messaging (dapr/dapr pkg/api/http/directmessaging.go) do it, against <see cref="InMemoryDaprClient"/>
/// routing to a real ASP.NET Core app on a TestServer.
/// </summary>
public sealed class InvocationFidelityTests : IAsyncLifetime
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

    /// <remarks>
    /// Follows dotnet-sdk src/Dapr.Client/DaprClientGrpc.cs CreateInvokeMethodRequest&lt;TRequest&gt; (JSON body with the
    /// client's options) and dapr/dapr pkg/api/http/directmessaging.go onDirectMessage: the target and method come from
    /// <c>/v1.0/invoke/{appId}/method/{method}</c>, and the query (<c>WithHTTPExtension(verb, r.URL.RawQuery)</c>) and
    /// headers (<c>WithHTTPHeaders</c>) go on to the app.
    /// </remarks>
    [Fact]
    public async Task Invocation_reaches_registered_app_by_app_id()
    {
        var request = _dapr.CreateInvokeMethodRequest(HttpMethod.Post, "greeter", "greet",
            [new KeyValuePair<string, string>("name", "Ann")], new Greeting("Hello"));
        request.Headers.Add("x-trace", "t-1");

        var reply = await _dapr.InvokeMethodAsync<Greeting>(request);

        reply.Should().Be(new Greeting("Hello, Ann (t-1)"));
    }

    /// <remarks>
    /// Follows dapr/dapr pkg/api/http/directmessaging.go (the app's HTTP status is passed back) and dotnet-sdk
    /// src/Dapr.Client/DaprClientGrpc.cs InvokeMethodAsync (<c>EnsureSuccessStatusCode</c> → InvocationException with
    /// appId, methodName and the response).
    /// </remarks>
    [Fact]
    public async Task Non_success_status_throws_InvocationException_carrying_the_response()
    {
        var act = () => _dapr.InvokeMethodAsync(HttpMethod.Get, "greeter", "missing");

        var thrown = await act.Should().ThrowAsync<InvocationException>();
        thrown.Which.AppId.Should().Be("greeter");
        thrown.Which.MethodName.Should().Be("missing");
        thrown.Which.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    /// <remarks>
    /// Follows dotnet-sdk src/Dapr.Client/DaprClientGrpc.cs InvokeMethodWithResponseAsync: "we intentionally DO NOT
    /// validate the status code here".
    /// </remarks>
    [Fact]
    public async Task WithResponse_returns_non_success_status_without_throwing()
    {
        var response = await _dapr.InvokeMethodWithResponseAsync(_dapr.CreateInvokeMethodRequest(HttpMethod.Get, "greeter", "missing"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    /// <remarks>
    /// Follows dapr/dapr pkg/api/http/directmessaging.go onDirectMessage (an Invoke error → messages.ErrDirectInvoke) and
    /// pkg/messages/predefined.go ErrDirectInvoke (<c>failed to invoke, id: %s, err: %v</c>, ERR_DIRECT_INVOKE, HTTP 500).
    /// </remarks>
    [Fact]
    public async Task Unregistered_app_answers_500_direct_invoke_error()
    {
        var response = await _dapr.InvokeMethodWithResponseAsync(_dapr.CreateInvokeMethodRequest(HttpMethod.Get, "ghost", "x"));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Contain("ERR_DIRECT_INVOKE");
    }

    /// <remarks>
    /// Follows dotnet-sdk src/Dapr.Client/DaprClient.cs CreateInvokeHttpClient (BaseAddress <c>http://{appId}</c>) and
    /// InvocationHandler.cs TryRewriteUri (the host is the app id, rewritten to <c>/v1.0/invoke/{host}/method{path}</c>).
    /// </remarks>
    [Fact]
    public async Task Invokable_http_client_routes_by_host_name()
    {
        using var client = _dapr.CreateInvokableHttpClient("greeter");

        var response = await client.PostAsJsonAsync("/greet?name=Bo", new Greeting("Hi"));

        (await response.Content.ReadFromJsonAsync<Greeting>()).Should().Be(new Greeting("Hi, Bo ()"));
    }

    /// <remarks>Follows dotnet-sdk src/Dapr.Client/DaprClientGrpc.cs CreateInvokeMethodRequest on the default endpoint of src/Dapr.Common/DaprDefaults.cs (http://localhost:3500).</remarks>
    [Fact]
    public void A_request_is_built_for_the_sidecars_invoke_path_with_the_query_escaped()
    {
#pragma warning disable CS0618 // HTTP invocation is [Obsolete] in 1.19; the double still plays it.
        var request = _dapr.CreateInvokeMethodRequest(HttpMethod.Get, "greeter", "greet",
            [new KeyValuePair<string, string>("name", "Ann Lee")]);
#pragma warning restore CS0618

        request.RequestUri!.AbsoluteUri.Should().Be("http://localhost:3500/v1.0/invoke/greeter/method/greet?name=Ann%20Lee");
    }
}
