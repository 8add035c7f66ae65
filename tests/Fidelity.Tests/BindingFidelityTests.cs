using System.Text;
using System.Text.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Grpc.Core;

namespace Growbin.Fidelity.Tests;

/// <summary>
/// Output bindings through the sidecar, whatever the component: how daprd finds the component by name and reports
/// its errors (dapr/dapr pkg/runtime/processor/binding/send.go, pkg/api/grpc/grpc.go InvokeBinding) and what the .NET
/// client sends and throws (dotnet-sdk src/Dapr.Client/DaprClientGrpc.cs), against <see cref="InMemoryDaprClient"/>
/// with a stand-in component. Each component's own behaviour is in its file (HTTP, PostgreSQL, S3).
/// </summary>
public sealed class BindingFidelityTests : IDisposable
{
    private readonly InMemoryDaprClient _dapr = new();

    public void Dispose() => _dapr.Dispose();

    /// <summary>A component that answers with the request's data and its operation in the metadata, and fails on "fail".</summary>
    private sealed class EchoHandler : IBindingHandler
    {
        public Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct) =>
            request.Operation == "fail"
                ? throw new InvalidOperationException("disk on fire")
                : Task.FromResult(new BindingResponse(request, request.Data, new Dictionary<string, string> { ["op"] = request.Operation }));
    }

    /// <remarks>
    /// Follows dapr/dapr pkg/runtime/processor/binding/send.go SendToOutputBinding (the component is looked up by the
    /// request's name) and pkg/api/grpc/grpc.go InvokeBinding (<c>r.Data = resp.Data</c>, <c>r.Metadata = resp.Metadata</c>).
    /// </remarks>
    [Fact]
    public async Task Binding_call_reaches_the_handler_registered_under_its_name()
    {
        _dapr.RegisterBinding("echo", new EchoHandler());

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("echo", "create") { Data = Encoding.UTF8.GetBytes("hi") });

        Encoding.UTF8.GetString(response.Data.Span).Should().Be("hi");
        response.Metadata.Should().ContainKey("op").WhoseValue.Should().Be("create");
    }

    /// <remarks>
    /// Follows dotnet-sdk src/Dapr.Client/DaprClientGrpc.cs InvokeBindingAsync&lt;TRequest, TResponse&gt;: the data is
    /// <c>TypeConverters.ToJsonByteString</c> with the client's options (JsonSerializerDefaults.Web, DaprClientBuilder.cs)
    /// and the answer is read back with <c>FromJsonByteString</c>.
    /// </remarks>
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

    /// <remarks>
    /// Follows dapr/dapr pkg/runtime/processor/binding/send.go SendToOutputBinding (<c>couldn't find output binding %s</c>)
    /// and pkg/api/grpc/grpc.go InvokeBinding (codes.Internal, pkg/messages/predefined.go ErrInvokeOutputBinding
    /// <c>error invoking output binding %s: %s</c>).
    /// </remarks>
    [Fact]
    public async Task Unknown_binding_fails_like_the_sidecar()
    {
        var act = () => _dapr.InvokeBindingAsync(new BindingRequest("nope", "create"));

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Be("error invoking output binding nope: couldn't find output binding nope");
        _dapr.BindingInvocations.Should().ContainSingle();
    }

    /// <remarks>
    /// Follows dapr/dapr pkg/api/grpc/grpc.go InvokeBinding (the component's error text after ErrInvokeOutputBinding's
    /// prefix) and dotnet-sdk src/Dapr.Client/DaprClientGrpc.cs MakeInvokeBindingRequestAsync (RpcException →
    /// DaprException with it as InnerException).
    /// </remarks>
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
