using System.Text;
using System.Text.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Grpc.Core;

namespace Growbin.TestSupport.Tests.Dapr;

public sealed class BindingTests
{
    private readonly InMemoryDaprClient _dapr = new();

    private sealed class EchoHandler : IBindingHandler
    {
        public Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct) =>
            request.Operation == "fail"
                ? throw new InvalidOperationException("disk on fire")
                : Task.FromResult(new BindingResponse(request, request.Data, new Dictionary<string, string> { ["op"] = request.Operation }));
    }

    [Fact]
    public async Task Binding_call_reaches_the_handler_registered_under_its_name()
    {
        _dapr.RegisterBinding("echo", new EchoHandler());

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("echo", "create") { Data = Encoding.UTF8.GetBytes("hi") });

        Encoding.UTF8.GetString(response.Data.Span).Should().Be("hi");
        response.Metadata.Should().ContainKey("op").WhoseValue.Should().Be("create");
    }

    [Fact]
    public async Task Typed_overload_sends_json_and_deserializes_the_response()
    {
        _dapr.RegisterBinding("echo", new EchoHandler());

        var result = await _dapr.InvokeBindingAsync<object, JsonElement>("echo", "get", new { n = 1 },
            new Dictionary<string, string> { ["key"] = "k" });

        result.GetProperty("n").GetInt32().Should().Be(1);
        var call = _dapr.BindingInvocations.Should().ContainSingle().Subject;
        call.Operation.Should().Be("get");
        call.Metadata.Should().ContainKey("key");
        Encoding.UTF8.GetString(call.Data.Span).Should().Be("""{"n":1}""");
    }

    [Fact]
    public async Task Unknown_binding_fails_like_the_sidecar()
    {
        var act = () => _dapr.InvokeBindingAsync(new BindingRequest("nope", "create"));

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Be("error invoking output binding nope: couldn't find output binding nope");
        _dapr.BindingInvocations.Should().ContainSingle();
    }

    [Fact]
    public async Task Handler_failure_surfaces_as_DaprException_with_the_component_message()
    {
        _dapr.RegisterBinding("echo", new EchoHandler());

        var act = () => _dapr.InvokeBindingAsync(new BindingRequest("echo", "fail"));

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Be("error invoking output binding echo: disk on fire");
    }
}
