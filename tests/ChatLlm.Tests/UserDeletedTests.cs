using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.ChatLlm.Apis;
using Growbin.ChatLlm.Conversations;
using Growbin.ChatLlm.CostGuard;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Events;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.OpenAi;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ChatLlm.Tests;

/// <summary>When userinfo publishes <c>user-deleted</c>, the account's conversations and quota counts go at once.</summary>
public sealed class UserDeletedTests(ChatModelHost host) : IClassFixture<ChatModelHost>
{
    [Fact]
    public async Task The_deleted_users_conversations_and_quota_are_forgotten_and_nobody_elses()
    {
        var gone = ChatModelHost.NewUserId();
        var stays = ChatModelHost.NewUserId();
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("종이팩으로 버려요.").WithUsage(50, 10));
        var answered = await ChatModelHost.ReadJsonAsync(
            await host.ClientFor(gone).SendAsync(ChatModelHost.Message(new { message = "우유팩은요?" })), HttpStatusCode.OK);
        var first = answered.GetProperty("conversationId").GetString()!;
        var second = (await host.Store.CreateAsync(gone)).Id;
        var others = (await host.Store.CreateAsync(stays)).Id;
        var quotaKey = ChatTokenQuota.KeyFor(gone, DateTimeOffset.UtcNow);
        (await host.Factory.Dapr.GetStateAsync<long>(DaprComponents.StateStore, quotaKey)).Should().Be(60);

        (await DeliverAsync(gone)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await DeliverAsync(gone)).StatusCode.Should().Be(HttpStatusCode.OK, "a redelivery finds nothing left to delete");

        (await host.Store.GetAsync(first, gone)).Should().BeNull();
        (await host.Store.GetAsync(second, gone)).Should().BeNull();
        (await host.ClientFor(gone).GetAsync($"/api/v1/chat/conversations/{first}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await host.Factory.Dapr.GetStateAsync<long>(DaprComponents.StateStore, quotaKey)).Should().Be(0);
        (await host.Factory.Dapr.GetStateAsync<UserConversations?>(DaprComponents.StateStore, ConversationIndex.KeyFor(gone))).Should().BeNull();
        (await host.Store.GetAsync(others, stays)).Should().NotBeNull();
    }

    [Fact]
    public async Task The_sidecar_is_told_to_deliver_user_deleted_with_a_dead_letter_topic()
    {
        var subscriptions = await host.Factory.CreateClient().GetFromJsonAsync<JsonElement>("/dapr/subscribe");

        var subscription = subscriptions.EnumerateArray().Should().ContainSingle(s => s.GetProperty("topic").GetString() == Topics.UserDeleted).Subject;
        subscription.GetProperty("pubsubName").GetString().Should().Be(DaprComponents.PubSub);
        subscription.GetProperty("route").GetString().Should().Be(SubscriptionExtensions.UserDeletedRoute.TrimStart('/'));
        subscription.GetProperty("deadLetterTopic").GetString().Should().Be(Topics.DeadLetter);
    }

    [Fact]
    public async Task A_new_conversation_is_indexed_under_its_owner()
    {
        var userId = ChatModelHost.NewUserId();

        var a = await host.Store.CreateAsync(userId);
        var b = await host.Store.CreateAsync(userId);

        var index = await host.Factory.Dapr.GetStateAsync<UserConversations?>(DaprComponents.StateStore, ConversationIndex.KeyFor(userId));
        index!.Ids.Should().Equal(a.Id, b.Id);
    }

    private Task<HttpResponseMessage> DeliverAsync(string userId) =>
        host.Factory.CreateClient().PostAsync(SubscriptionExtensions.UserDeletedRoute,
            CloudEvents.Envelope(Topics.UserDeleted, new { id = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, userId }, AppIds.UserInfo));
}
