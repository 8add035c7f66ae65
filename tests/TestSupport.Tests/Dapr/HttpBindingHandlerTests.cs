using System.Net;
using System.Text;
using System.Text.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Growbin.TestSupport.Tests.Dapr;

public sealed class HttpBindingHandlerTests : IAsyncLifetime
{
    private readonly InMemoryDaprClient _dapr = new();
    private WebApplication _server = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.Run(EchoAsync);
        await _server.StartAsync();
        _url = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        _dapr.Dispose();
    }

    [Fact]
    public async Task Post_joins_url_and_path_sends_the_data_and_turns_capitalised_metadata_into_headers()
    {
        using var handler = Register(new HttpBindingHandler(_url + "/base/"));

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("http", "post")
        {
            Data = Encoding.UTF8.GetBytes("""{"a":1}"""),
            Metadata = { ["path"] = "/things/1?x=y", ["X-Custom"] = "yes", ["lowercase"] = "not a header" },
        });

        var echo = Echo(response);
        echo.GetProperty("method").GetString().Should().Be("POST");
        echo.GetProperty("path").GetString().Should().Be("/base/things/1?x=y");
        echo.GetProperty("body").GetString().Should().Be("""{"a":1}""");
        var headers = echo.GetProperty("headers");
        headers.GetProperty("content-type").GetString().Should().Be("application/json; charset=utf-8");
        headers.GetProperty("accept").GetString().Should().Be("application/json; charset=utf-8");
        headers.GetProperty("x-custom").GetString().Should().Be("yes");
        headers.TryGetProperty("lowercase", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Metadata_content_type_and_accept_replace_the_defaults()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("http", "create")
        {
            Data = Encoding.UTF8.GetBytes("a=1&b=2"),
            Metadata = { ["path"] = "token", ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "text/plain" },
        });

        var echo = Echo(response);
        echo.GetProperty("method").GetString().Should().Be("POST", "create is post, for backward compatibility");
        echo.GetProperty("path").GetString().Should().Be("/token");
        echo.GetProperty("headers").GetProperty("content-type").GetString().Should().Be("application/x-www-form-urlencoded");
        echo.GetProperty("headers").GetProperty("accept").GetString().Should().Be("text/plain");
        echo.GetProperty("body").GetString().Should().Be("a=1&b=2");
    }

    [Fact]
    public async Task Get_sends_no_body_and_the_response_carries_status_and_canonical_headers()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("http", "get")
        {
            Data = Encoding.UTF8.GetBytes("ignored"),
            Metadata = { ["path"] = "/me", ["Authorization"] = "Bearer t0ken" },
        });

        var echo = Echo(response);
        echo.GetProperty("method").GetString().Should().Be("GET");
        echo.GetProperty("body").GetString().Should().BeEmpty();
        echo.GetProperty("headers").GetProperty("authorization").GetString().Should().Be("Bearer t0ken");
        response.Metadata.Should().Contain("statusCode", "200").And.Contain("status", "200 OK");
        response.Metadata.Should().Contain("X-Multi", "a, b");
        response.Metadata.Should().ContainKey("Content-Type").WhoseValue.Should().StartWith("application/json");
    }

    [Fact]
    public async Task A_non_2xx_answer_is_an_error_by_default()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var act = () => _dapr.InvokeBindingAsync(new BindingRequest("http", "get") { Metadata = { ["path"] = "/status/404" } });

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Be("error invoking output binding http: received status code 404");
    }

    [Fact]
    public async Task With_errorIfNot2XX_false_a_non_2xx_answer_is_data_with_its_status()
    {
        using var handler = Register(new HttpBindingHandler(_url) { ErrorIfNot2XX = false });

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("http", "post") { Metadata = { ["path"] = "/status/500" } });

        response.Metadata.Should().Contain("statusCode", "500").And.Contain("status", "500 Internal Server Error");
        Echo(response).GetProperty("path").GetString().Should().Be("/status/500");
    }

    [Fact]
    public async Task Request_metadata_errorIfNot2XX_overrides_the_component()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("http", "get")
        {
            Metadata = { ["path"] = "/status/401", ["errorIfNot2XX"] = "false" },
        });

        response.Metadata.Should().Contain("statusCode", "401");
    }

    [Fact]
    public async Task An_unknown_operation_is_refused_before_any_request()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var act = () => _dapr.InvokeBindingAsync(new BindingRequest("http", "frobnicate"));

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Be("error invoking output binding http: invalid operation: frobnicate");
    }

    [Fact]
    public async Task A_body_longer_than_maxResponseBodySize_is_cut()
    {
        using var handler = Register(new HttpBindingHandler(_url) { MaxResponseBodySize = 100 });

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("http", "get") { Metadata = { ["path"] = "/big" } });

        response.Data.Length.Should().Be(100);
    }

    [Fact]
    public async Task The_security_token_goes_in_its_header()
    {
        using var handler = Register(new HttpBindingHandler(_url) { SecurityToken = "KakaoAK key", SecurityTokenHeader = "Authorization" });

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("http", "get") { Metadata = { ["path"] = "/x" } });

        Echo(response).GetProperty("headers").GetProperty("authorization").GetString().Should().Be("KakaoAK key");
    }

    private HttpBindingHandler Register(HttpBindingHandler handler)
    {
        _dapr.RegisterBinding("http", handler);
        return handler;
    }

    private static JsonElement Echo(BindingResponse response) => JsonDocument.Parse(response.Data).RootElement.Clone();

    private static async Task EchoAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (path == "/big")
        {
            await context.Response.WriteAsync(new string('x', 5000));
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        context.Response.StatusCode = path.StartsWith("/status/", StringComparison.Ordinal) ? int.Parse(path[8..]) : 200;
        context.Response.Headers.Append("X-Multi", "a");
        context.Response.Headers.Append("X-Multi", "b");
        await context.Response.WriteAsJsonAsync(new
        {
            method = context.Request.Method,
            path = path + context.Request.QueryString,
            headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body,
        });
    }
}
