using System.Net;
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
/// The response side of bindings.http as components-contrib's bindings/http/http.go <c>Invoke</c> builds it (auth reads
/// the OAuth providers' answers this way), against <see cref="HttpBindingHandler"/> and a real local HTTP server.
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

    private HttpBindingHandler Register(HttpBindingHandler handler)
    {
        _dapr.RegisterBinding(Binding, handler);
        return handler;
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var status = path.StartsWith("/status/", StringComparison.Ordinal) ? int.Parse(path[8..]) : 404;
        context.Response.StatusCode = status;
        context.Response.Headers.Append("x-request-trace", "one");
        context.Response.Headers.Append("x-request-trace", "two");
        if (status != StatusCodes.Status204NoContent)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"answer {status}");
        }
    }
}
