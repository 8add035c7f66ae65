using System.Text.Json;
using Growbin.ChatLlm.Conversations;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// Every conversation that exists is on its user's index, so deleting the account finds them all: a conversation pushed
/// out past <see cref="ConversationIndex.MaxIds"/> is deleted there and then, and one whose index entry could not be
/// written is deleted rather than kept.
/// </summary>
public sealed class ConversationIndexTests
{
    private const string Alice = "user-alice";

    private readonly ManualTimeProvider _clock = new();
    private readonly InMemoryDaprClient _dapr;
    private readonly IOptions<ChatOptions> _options = Options.Create(new ChatOptions());

    public ConversationIndexTests() => _dapr = new InMemoryDaprClient(_clock);

    [Fact]
    public async Task A_conversation_pushed_out_of_the_index_is_deleted_so_none_is_left_unlisted()
    {
        var store = NewStore();
        var created = new List<string>();
        for (var i = 0; i < ConversationIndex.MaxIds + 2; i++)
        {
            created.Add((await store.CreateAsync(Alice)).Id);
        }

        var listed = IndexedIds(Alice);
        listed.Should().Equal(created.Skip(2));
        var stored = _dapr.StateKeys(DaprComponents.StateStore)
            .Where(k => k.StartsWith(ConversationStore.KeyPrefix, StringComparison.Ordinal))
            .Select(k => k[ConversationStore.KeyPrefix.Length..]);
        stored.Should().BeEquivalentTo(listed);
    }

    [Fact]
    public async Task A_conversation_whose_index_entry_loses_every_race_is_deleted_and_the_create_fails()
    {
        var store = NewStore();
        var key = ConversationIndex.KeyFor(Alice);
        await _dapr.SaveStateAsync(DaprComponents.StateStore, key, new UserConversations(["earlier"]));
        var rivals = 0;
        void Arm() => _dapr.BeforeNextSave(DaprComponents.StateStore, key, () =>
        {
            // Another writer changes the index just before each of this writer's attempts.
            _dapr.SaveStateAsync(DaprComponents.StateStore, key, new UserConversations([$"rival-{++rivals}"])).GetAwaiter().GetResult();
            if (rivals < 8)
            {
                Arm();
            }
        });
        Arm();

        var create = () => store.CreateAsync(Alice);

        await create.Should().ThrowAsync<InvalidOperationException>();
        rivals.Should().Be(8, "every attempt lost a race");
        _dapr.StateKeys(DaprComponents.StateStore).Should().NotContain(k => k.StartsWith(ConversationStore.KeyPrefix, StringComparison.Ordinal),
            "a conversation its user's index does not list would outlive the account's deletion");
        IndexedIds(Alice).Should().Equal("rival-8");
    }

    private ConversationStore NewStore() =>
        new(_dapr, new ConversationIndex(_dapr, _options, NullLogger<ConversationIndex>.Instance), _options, _clock);

    private List<string> IndexedIds(string userId)
    {
        using var document = JsonDocument.Parse(_dapr.GetStoredJson(DaprComponents.StateStore, ConversationIndex.KeyFor(userId))!);
        return document.RootElement.GetProperty("ids").EnumerateArray().Select(id => id.GetString()!).ToList();
    }
}
