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

namespace Growbin.Fidelity.Tests;

/// <summary>
/// bindings.http as components-contrib's bindings/http/http.go <c>Invoke</c> does it, the request it sends and the
/// response it builds (auth reads the OAuth providers' answers this way), against <see cref="HttpBindingHandler"/> and a
/// real local HTTP server.
/// </summary>
public sealed class HttpBindingFidelityTests : IAsyncLifetime
{
    private const string Binding = "provider";

    private readonly InMemoryDaprClient _dapr = new();
    private WebApplication _server = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.Run(AnswerAsync);
        await _server.StartAsync();
        _url = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        _dapr.Dispose();
    }

    /// <remarks>http.go Invoke: <c>metadata["statusCode"] = strconv.Itoa(resp.StatusCode)</c>, <c>metadata["status"] = resp.Status</c>.</remarks>
    [Fact]
    public async Task The_response_metadata_has_statusCode_and_status()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var response = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "get") { Metadata = { ["path"] = "/status/201" } });

        response.Metadata.Should().Contain("statusCode", "201").And.Contain("status", "201 Created");
        System.Text.Encoding.UTF8.GetString(response.Data.Span).Should().Be("answer 201");
    }

    /// <remarks>
    /// http.go Invoke: every response header goes into the metadata under Go's canonical name (net/http Header keys),
    /// several values joined with ", ".
    /// </remarks>
    [Fact]
    public async Task Response_headers_are_metadata_under_canonical_names_with_values_joined()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var response = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "get") { Metadata = { ["path"] = "/status/200" } });

        response.Metadata.Should().Contain("X-Request-Trace", "one, two");
        response.Metadata.Should().ContainKey("Content-Type").WhoseValue.Should().StartWith("text/plain");
    }

    /// <remarks>
    /// http.go Invoke: <c>if errorIfNot2XX &amp;&amp; resp.StatusCode/100 != 2</c> → "received status code N"; errorIfNot2XX
    /// defaults to true (http.go Init), and the sidecar reports the error, not the body.
    /// </remarks>
    [Fact]
    public async Task A_non_2xx_answer_is_an_error_unless_errorIfNot2XX_is_false()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var act = () => _dapr.InvokeBindingAsync(new BindingRequest(Binding, "post") { Metadata = { ["path"] = "/status/400" } });

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Be($"error invoking output binding {Binding}: received status code 400");
    }

    /// <remarks>
    /// http.go Init reads the component's <c>errorIfNot2XX</c>; Invoke lets request metadata <c>errorIfNot2XX</c> override
    /// it (kit strings.IsTruthy). Then a non-2xx answer is data, with its status in the metadata.
    /// </remarks>
    [Fact]
    public async Task With_errorIfNot2XX_false_a_non_2xx_answer_is_data_with_its_status()
    {
        using var component = Register(new HttpBindingHandler(_url) { ErrorIfNot2XX = false });

        var fromComponent = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "post") { Metadata = { ["path"] = "/status/400" } });

        fromComponent.Metadata.Should().Contain("statusCode", "400").And.Contain("status", "400 Bad Request");
        System.Text.Encoding.UTF8.GetString(fromComponent.Data.Span).Should().Be("answer 400");

        using var strict = Register(new HttpBindingHandler(_url));
        var fromRequest = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "get")
        {
            Metadata = { ["path"] = "/status/503", ["errorIfNot2XX"] = "false" },
        });

        fromRequest.Metadata.Should().Contain("statusCode", "503").And.Contain("status", "503 Service Unavailable");
    }

    /// <remarks>http.go Invoke: "For empty responses (e.g. 204 No Content) `b` will be an empty slice"; the status is still there.</remarks>
    [Fact]
    public async Task A_204_answer_has_no_data_and_its_status()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var response = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "delete") { Metadata = { ["path"] = "/status/204" } });

        response.Data.IsEmpty.Should().BeTrue();
        response.Metadata.Should().Contain("statusCode", "204").And.Contain("status", "204 No Content");
    }

    /// <remarks>
    /// Follows contrib bindings/http/http.go Invoke: the url is the component's <c>url</c> with its trailing "/" trimmed,
    /// "/" and metadata <c>path</c> with its leading "/" trimmed; PUT, POST and PATCH send <c>req.Data</c> as the body;
    /// Content-Type (when there is a body) and Accept default to "application/json; charset=utf-8"; metadata keys
    /// starting with a capital letter are request headers (<c>request.Header.Set</c>), others are not.
    /// </remarks>
    [Fact]
    public async Task Post_joins_url_and_path_sends_the_data_and_turns_capitalised_metadata_into_headers()
    {
        using var handler = Register(new HttpBindingHandler(_url + "/base/"));

        var response = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "post")
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

    /// <remarks>
    /// Follows contrib bindings/http/http.go Invoke: the defaults are set only when metadata has no <c>Content-Type</c> /
    /// <c>Accept</c>; <c>create</c> becomes POST "for backward compatibility".
    /// </remarks>
    [Fact]
    public async Task Metadata_content_type_and_accept_replace_the_defaults()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var response = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "create")
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

    /// <remarks>
    /// Follows contrib bindings/http/http.go Invoke: GET, HEAD, DELETE, OPTIONS and TRACE leave the body nil whatever
    /// <c>req.Data</c> holds; the response metadata carries statusCode, status and the headers under canonical names.
    /// </remarks>
    [Fact]
    public async Task Get_sends_no_body_and_the_response_carries_status_and_canonical_headers()
    {
        using var handler = Register(new HttpBindingHandler(_url));

        var response = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "get")
        {
            Data = Encoding.UTF8.GetBytes("ignored"),
            Metadata = { ["path"] = "/me", ["Authorization"] = "Bearer t0ken" },
        });

        var echo = Echo(response);
        echo.GetProperty("method").GetString().Should().Be("GET");
        echo.GetProperty("body").GetString().Should().BeEmpty();
        echo.GetProperty("headers").GetProperty("authorization").GetString().Should().Be("Bearer t0ken");
        response.Metadata.Should().Contain("statusCode", "200").And.Contain("status", "200 OK");
        response.Metadata.Should().Contain("X-Request-Trace", "one, two");
        response.Metadata.Should().ContainKey("Content-Type").WhoseValue.Should().StartWith("application/json");
    }

    /// <remarks>
    /// Follows contrib bindings/http/http.go Invoke: with <c>maxResponseBodySize</c> above 0 the body is read through
    /// <c>io.LimitReader</c>, so the rest is dropped without an error.
    /// </remarks>
    [Fact]
    public async Task A_body_longer_than_maxResponseBodySize_is_cut()
    {
        using var handler = Register(new HttpBindingHandler(_url) { MaxResponseBodySize = 100 });

        var response = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "get") { Metadata = { ["path"] = "/big" } });

        response.Data.Length.Should().Be(100);
    }

    /// <remarks>
    /// Follows contrib bindings/http/http.go Invoke: <c>if h.metadata.SecurityToken != "" &amp;&amp;
    /// h.metadata.SecurityTokenHeader != ""</c> the token is set in that header.
    /// </remarks>
    [Fact]
    public async Task The_security_token_goes_in_its_header()
    {
        using var handler = Register(new HttpBindingHandler(_url) { SecurityToken = "KakaoAK key", SecurityTokenHeader = "Authorization" });

        var response = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "get") { Metadata = { ["path"] = "/x" } });

        Echo(response).GetProperty("headers").GetProperty("authorization").GetString().Should().Be("KakaoAK key");
    }

    private HttpBindingHandler Register(HttpBindingHandler handler)
    {
        _dapr.RegisterBinding(Binding, handler);
        return handler;
    }

    private static JsonElement Echo(BindingResponse response) => JsonDocument.Parse(response.Data).RootElement.Clone();

    /// <summary>
    /// <c>/status/N</c> answers N with "answer N" (no body for 204), <c>/big</c> 5000 bytes, anything else echoes the
    /// request as JSON; every answer has <c>x-request-trace</c> twice.
    /// </summary>
    private static async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        context.Response.Headers.Append("x-request-trace", "one");
        context.Response.Headers.Append("x-request-trace", "two");
        if (path == "/big")
        {
            await context.Response.WriteAsync(new string('x', 5000));
            return;
        }

        if (path.StartsWith("/status/", StringComparison.Ordinal))
        {
            var status = int.Parse(path[8..]);
            context.Response.StatusCode = status;
            if (status != StatusCodes.Status204NoContent)
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"answer {status}");
            }

            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        await context.Response.WriteAsJsonAsync(new
        {
            method = context.Request.Method,
            path = path + context.Request.QueryString,
            headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body,
        });
    }

    /// <remarks>Follows dapr/dapr pkg/runtime/processor/binding/send.go sendToOutputBinding: an operation the component's Operations() (contrib bindings/http/http.go) does not list exactly is refused before the component runs.</remarks>
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("GET")]
    public async Task An_operation_the_component_does_not_list_is_refused_by_daprd_before_any_request(string operation)
    {
        using var handler = Register(new HttpBindingHandler("http://127.0.0.1:9"));

        var act = () => _dapr.InvokeBindingAsync(new BindingRequest(Binding, operation));

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<Grpc.Core.RpcException>()
            .Which.Status.Detail.Should().Be(
                $"error invoking output binding {Binding}: binding {Binding} does not support operation {operation}. " +
                "supported operations:create get head post put patch delete options trace");
    }
}
