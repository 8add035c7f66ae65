using Growbin.ServiceDefaults.Limits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// The chat WebSocket has no request timeout (the socket lives as long as its session); a chat message, which may
/// stream its answer while the model takes up to 60 s, has the streaming policy; other routes the 30 s default.
/// </summary>
public sealed class ChatRequestTimeoutTests(ChatLlmHost host) : IClassFixture<ChatLlmHost>
{
    [Fact]
    public void The_socket_has_no_timeout_the_message_the_streaming_policy_and_a_conversation_read_the_default()
    {
        host.Factory.CreateClient().Dispose(); // starts the host
        var endpoints = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        Endpoint Named(string name) => endpoints.Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name);

        Named("ChatSocket").Metadata.GetMetadata<DisableRequestTimeoutAttribute>().Should().NotBeNull();
        Named("SendChatMessage").Metadata.GetMetadata<RequestTimeoutAttribute>()!.PolicyName.Should().Be(RequestTimeoutPolicies.Streaming);
        var conversation = endpoints.Single(e => (e as RouteEndpoint)?.RoutePattern.RawText?.EndsWith("/conversations/{id}", StringComparison.Ordinal) == true);
        conversation.Metadata.GetMetadata<RequestTimeoutAttribute>().Should().BeNull();
        conversation.Metadata.GetMetadata<DisableRequestTimeoutAttribute>().Should().BeNull();
    }
}
