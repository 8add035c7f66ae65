using System.Text.Json;
using Growbin.ChatLlm.Conversations;
using Growbin.ChatLlm.CostGuard;
using Growbin.Contracts;
using Growbin.ServiceDefaults.State;
using Growbin.TestSupport.Dapr;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// Keys chat-llm creates, lost to a rival that created them first (the double runs the rival just before the write).
/// Against Redis a create without an ETag would be refused with an Internal error that resiliency retries; created
/// through StateCreate the loser sees an ETag mismatch, reads again and both writes land.
/// </summary>
public sealed class FirstWriteRaceTests
{
    private const string Alice = "user-alice";
    private const string Bob = "user-bob";

    private readonly ManualTimeProvider _clock = new();
    private readonly InMemoryDaprClient _dapr;
    private readonly IOptions<ChatOptions> _options = Options.Create(new ChatOptions());

    public FirstWriteRaceTests()
    {
        _dapr = new InMemoryDaprClient(_clock);
    }

    [Fact]
    public async Task Two_first_token_reservations_of_the_day_both_count()
    {
        var quota = new ChatTokenQuota(_dapr, _options, _clock, NullLogger<ChatTokenQuota>.Instance);
        var key = ChatTokenQuota.KeyFor(Alice, _clock.GetUtcNow());
        _dapr.BeforeNextSave(DaprComponents.StateStore, key, () => quota.TryReserveAsync(Alice, 5, CancellationToken.None).GetAwaiter().GetResult());

        var mine = await quota.TryReserveAsync(Alice, 7, CancellationToken.None);

        mine.Allowed.Should().BeTrue();
        _dapr.GetStoredJson(DaprComponents.StateStore, key).Should().Be("12");
        OnlyLostRaces(key);
    }

    [Fact]
    public async Task Two_first_conversations_of_a_user_both_enter_the_new_index()
    {
        var store = NewStore();
        var rival = NewStore();
        string? rivalId = null;
        _dapr.BeforeNextSave(DaprComponents.StateStore, ConversationIndex.KeyFor(Alice),
            () => rivalId = rival.CreateAsync(Alice).GetAwaiter().GetResult().Id);

        var mine = await store.CreateAsync(Alice);

        rivalId.Should().NotBeNull();
        IndexedIds(Alice).Should().Equal(rivalId, mine.Id);
        OnlyLostRaces(ConversationIndex.KeyFor(Alice));
    }

    [Fact]
    public async Task A_conversation_id_taken_in_between_is_replaced_by_another_and_the_first_owner_keeps_it()
    {
        var store = NewStore();
        string? taken = null;
        _dapr.BeforeNextSave(DaprComponents.StateStore, k => k.StartsWith(ConversationStore.KeyPrefix, StringComparison.Ordinal), key =>
        {
            taken = key[ConversationStore.KeyPrefix.Length..];
            var now = _clock.GetUtcNow();
            _dapr.TryCreateStateAsync(DaprComponents.StateStore, key, new Conversation(taken, Bob, now, now, [])).GetAwaiter().GetResult();
        });

        var mine = await store.CreateAsync(Alice);

        taken.Should().NotBeNull();
        mine.Id.Should().NotBe(taken);
        (await store.GetAsync(taken!, Bob)).Should().NotBeNull("the first writer's conversation is untouched");
        (await store.GetAsync(mine.Id, Alice)).Should().NotBeNull();
        IndexedIds(Alice).Should().Equal(mine.Id);
        OnlyLostRaces(ConversationStore.KeyFor(taken!));
    }

    private ConversationStore NewStore() =>
        new(_dapr, new ConversationIndex(_dapr, _options, NullLogger<ConversationIndex>.Instance), _options, _clock);

    private List<string> IndexedIds(string userId)
    {
        var json = _dapr.GetStoredJson(DaprComponents.StateStore, ConversationIndex.KeyFor(userId));
        json.Should().NotBeNull();
        using var document = JsonDocument.Parse(json!);
        return document.RootElement.GetProperty("ids").EnumerateArray().Select(id => id.GetString()!).ToList();
    }

    /// <summary>The one failure is the lost create, an ETag mismatch (Aborted): nothing resiliency would retry.</summary>
    private void OnlyLostRaces(string key) =>
        _dapr.StateFailures.Should().ContainSingle()
            .Which.Should().Match<StateFailure>(f => f.Key == key && f.Code == StatusCode.Aborted);
}
