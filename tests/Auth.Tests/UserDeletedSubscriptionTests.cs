using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;

namespace Growbin.Auth.Tests;

/// <summary>A deleted account (userinfo publishes user-deleted) can no longer refresh its way back in.</summary>
public sealed class UserDeletedSubscriptionTests(AuthHost api) : IClassFixture<AuthHost>
{
    [Fact]
    public async Task After_user_deleted_every_refresh_token_of_the_user_is_refused_and_others_still_work()
    {
        var gone = await api.Tokens.IssueAsync("user-gone");
        var otherLogin = await api.Tokens.IssueAsync("user-gone");
        var stays = await api.Tokens.IssueAsync("user-stays");

        var delivered = await DeliverAsync("user-gone");
        var again = await DeliverAsync("user-gone");

        delivered.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.OK, "a redelivered event changes nothing");
        await AuthHost.ShouldBeProblemAsync(await api.RefreshAsync(gone.RefreshToken), HttpStatusCode.Unauthorized);
        await AuthHost.ShouldBeProblemAsync(await api.RefreshAsync(otherLogin.RefreshToken), HttpStatusCode.Unauthorized);
        await api.RefreshOkAsync(stays.RefreshToken);
    }

    [Fact]
    public async Task After_user_deleted_no_state_of_the_user_is_left_but_the_mark_that_refuses_its_tokens()
    {
        await api.Tokens.IssueAsync("user-erased");
        await api.Tokens.IssueAsync("user-erased");
        var stays = await api.Tokens.IssueAsync("user-kept");
        var families = FamilyKeysOf("user-erased");
        families.Should().HaveCount(2);

        (await DeliverAsync("user-erased")).StatusCode.Should().Be(HttpStatusCode.OK);

        var left = api.Dapr.StateKeys(DaprComponents.StateStore)
            .Where(k => k.Contains("user-erased", StringComparison.Ordinal)
                || (api.Dapr.GetStoredJson(DaprComponents.StateStore, k) ?? "").Contains("user-erased", StringComparison.Ordinal))
            .ToList();
        left.Should().Equal("auth|user-deleted|user-erased");
        api.Dapr.TtlOf(DaprComponents.StateStore, left[0]).Should().BeLessThanOrEqualTo(TimeSpan.FromDays(30));
        api.Dapr.StateKeys(DaprComponents.StateStore).Should().NotIntersectWith(families);
        await api.RefreshOkAsync(stays.RefreshToken);
    }

    [Fact]
    public async Task The_sidecar_is_told_to_deliver_user_deleted_with_a_dead_letter_topic()
    {
        var subscriptions = await api.Client.GetFromJsonAsync<JsonElement>("/dapr/subscribe");

        subscriptions.EnumerateArray().Should().ContainSingle(s => s.GetProperty("topic").GetString() == Topics.UserDeleted)
            .Which.Should().Match<JsonElement>(s =>
                s.GetProperty("pubsubName").GetString() == DaprComponents.PubSub
                && s.GetProperty("route").GetString() == "events/user-deleted"
                && s.GetProperty("deadLetterTopic").GetString() == Topics.DeadLetter);
    }

    /// <summary>The family records listed for the user (each holds the user id).</summary>
    private List<string> FamilyKeysOf(string userId) =>
        api.Dapr.StateKeys(DaprComponents.StateStore)
            .Where(k => k.StartsWith("auth|family|", StringComparison.Ordinal)
                && (api.Dapr.GetStoredJson(DaprComponents.StateStore, k) ?? "").Contains($"\"{userId}\"", StringComparison.Ordinal))
            .ToList();

    // As the sidecar delivers it: a CloudEvent whose data is the event record.
    private Task<HttpResponseMessage> DeliverAsync(string userId)
    {
        return api.Client.PostAsync("/events/user-deleted",
            CloudEvents.Envelope(Topics.UserDeleted, new { id = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, userId }, "userinfo"));
    }
}
