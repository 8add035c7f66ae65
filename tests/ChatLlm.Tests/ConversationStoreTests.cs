using System.Text.Json;
using Growbin.ChatLlm.Conversations;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.Tests;

/// <summary>The store against the Dapr double: key shape, order, trimming, TTL from the last write, ETag races.</summary>
public sealed class ConversationStoreTests
{
    private const string Alice = "user-alice";
    private const string Bob = "user-bob";

    private readonly ManualTimeProvider _clock = new();
    private readonly InMemoryDaprClient _dapr;
    private readonly ConversationStore _store;

    public ConversationStoreTests()
    {
        _dapr = new InMemoryDaprClient(_clock);
        _store = NewStore(_clock);
    }

    [Fact]
    public async Task A_new_conversation_gets_a_random_128_bit_lower_case_hex_id_and_its_own_key()
    {
        var first = await _store.CreateAsync(Alice);
        var second = await _store.CreateAsync(Alice);

        first.Id.Should().MatchRegex("^[0-9a-f]{32}$");
        second.Id.Should().MatchRegex("^[0-9a-f]{32}$");
        first.Id.Should().NotBe(second.Id);
        _dapr.StateKeys(DaprComponents.StateStore).Should()
            .Contain([$"chat|conversation|{first.Id}", $"chat|conversation|{second.Id}"]);
        first.UserId.Should().Be(Alice);
        first.Turns.Should().BeEmpty();
    }

    [Fact]
    public async Task Appended_turns_keep_their_order_and_fields()
    {
        var conversation = await _store.CreateAsync(Alice);

        await _store.AppendAsync(conversation.Id, Alice, [Turn(TurnRoles.User, "영수증은 어디에 버려요?", scanId: "scan-1")]);
        await _store.AppendAsync(conversation.Id, Alice,
            [Turn(TurnRoles.Assistant, "감열지라 종량제 봉투에 버려요.", citations: ["thermal-receipt"])]);
        await _store.AppendAsync(conversation.Id, Alice, [Turn(TurnRoles.User, "고마워요"), Turn(TurnRoles.Assistant, "천만에요")]);

        var stored = await _store.GetAsync(conversation.Id, Alice);
        stored!.Turns.Select(t => t.Content).Should().Equal("영수증은 어디에 버려요?", "감열지라 종량제 봉투에 버려요.", "고마워요", "천만에요");
        stored.Turns.Select(t => t.Role).Should().Equal("user", "assistant", "user", "assistant");
        stored.Turns[0].ScanId.Should().Be("scan-1");
        stored.Turns[1].Citations.Should().Equal("thermal-receipt");
        stored.Turns[2].Citations.Should().BeNull();
    }

    [Fact]
    public async Task Only_the_last_20_turns_are_kept()
    {
        var conversation = await _store.CreateAsync(Alice);

        for (var i = 1; i <= 25; i++)
        {
            await _store.AppendAsync(conversation.Id, Alice, [Turn(i % 2 == 1 ? TurnRoles.User : TurnRoles.Assistant, $"m{i}")]);
        }

        var stored = StoredTurns(conversation.Id);
        stored.Should().Equal(Enumerable.Range(6, 20).Select(i => $"m{i}"));
        (await _store.GetAsync(conversation.Id, Alice))!.Turns.Should().HaveCount(20);
    }

    [Fact]
    public async Task A_pair_appended_at_the_limit_drops_the_two_oldest()
    {
        var conversation = await _store.CreateAsync(Alice);
        await _store.AppendAsync(conversation.Id, Alice, Enumerable.Range(1, 20).Select(i => Turn(TurnRoles.User, $"m{i}")).ToList());

        var updated = await _store.AppendAsync(conversation.Id, Alice, [Turn(TurnRoles.User, "m21"), Turn(TurnRoles.Assistant, "m22")]);

        updated!.Turns.Select(t => t.Content).Should().Equal(Enumerable.Range(3, 20).Select(i => $"m{i}"));
        StoredTurns(conversation.Id).Should().Equal(Enumerable.Range(3, 20).Select(i => $"m{i}"));
    }

    [Fact]
    public async Task A_conversation_expires_7_days_after_it_was_written()
    {
        var conversation = await _store.CreateAsync(Alice);

        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        (await _store.GetAsync(conversation.Id, Alice)).Should().NotBeNull();

        _clock.Advance(TimeSpan.FromSeconds(1));
        (await _store.GetAsync(conversation.Id, Alice)).Should().BeNull();
        _dapr.GetStoredJson(DaprComponents.StateStore, ConversationStore.KeyFor(conversation.Id)).Should().BeNull();
    }

    [Fact]
    public async Task Every_append_restarts_the_7_days()
    {
        var conversation = await _store.CreateAsync(Alice);

        _clock.Advance(TimeSpan.FromDays(6));
        await _store.AppendAsync(conversation.Id, Alice, [Turn(TurnRoles.User, "아직 있어요?")]);
        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));

        // 13 days after creation, 7 days less a second after the append: still remembered.
        (await _store.GetAsync(conversation.Id, Alice))!.Turns.Should().ContainSingle();

        _clock.Advance(TimeSpan.FromSeconds(1));
        _dapr.GetStoredJson(DaprComponents.StateStore, ConversationStore.KeyFor(conversation.Id)).Should().BeNull();
    }

    [Fact]
    public async Task The_ttl_follows_the_configured_ChatOptions()
    {
        var store = NewStore(_clock, new ChatOptions { ConversationTtl = TimeSpan.FromHours(1), MaxTurns = 4 });
        var conversation = await store.CreateAsync(Alice);
        await store.AppendAsync(conversation.Id, Alice, Enumerable.Range(1, 6).Select(i => Turn(TurnRoles.User, $"m{i}")).ToList());

        StoredTurns(conversation.Id).Should().Equal("m3", "m4", "m5", "m6");
        _clock.Advance(TimeSpan.FromHours(1));
        _dapr.GetStoredJson(DaprComponents.StateStore, ConversationStore.KeyFor(conversation.Id)).Should().BeNull();
    }

    [Fact]
    public async Task A_turn_written_by_a_rival_between_read_and_write_is_kept()
    {
        var conversation = await _store.CreateAsync(Alice);
        var racing = new InterleavingTimeProvider(_clock);
        var store = NewStore(racing);
        var rival = NewStore(_clock);
        racing.Next(() => rival.AppendAsync(conversation.Id, Alice, [Turn(TurnRoles.User, "rival")]).GetAwaiter().GetResult());

        var result = await store.AppendAsync(conversation.Id, Alice, [Turn(TurnRoles.User, "mine")]);

        racing.RivalsRun.Should().Be(1);
        result!.Turns.Select(t => t.Content).Should().Equal("rival", "mine");
        StoredTurns(conversation.Id).Should().Equal("rival", "mine");
    }

    [Fact]
    public async Task Eight_appends_at_once_all_land()
    {
        var conversation = await _store.CreateAsync(Alice);
        using var start = new ManualResetEventSlim();

        var appends = Enumerable.Range(1, ConversationStore.MaxAppendAttempts)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                await _store.AppendAsync(conversation.Id, Alice, [Turn(TurnRoles.User, $"m{i}")]);
            }))
            .ToList();
        start.Set();
        await Task.WhenAll(appends);

        // Each lost ETag race means another append won, so with as many writers as attempts every one lands.
        StoredTurns(conversation.Id).Should().BeEquivalentTo(Enumerable.Range(1, ConversationStore.MaxAppendAttempts).Select(i => $"m{i}"));
    }

    [Fact]
    public async Task An_append_that_loses_every_race_fails_loudly_and_stores_nothing_of_its_own()
    {
        var conversation = await _store.CreateAsync(Alice);
        var racing = new InterleavingTimeProvider(_clock);
        var store = NewStore(racing);
        var rival = NewStore(_clock);
        for (var i = 0; i < ConversationStore.MaxAppendAttempts; i++)
        {
            racing.Next(() => rival.AppendAsync(conversation.Id, Alice, [Turn(TurnRoles.User, "rival")]).GetAwaiter().GetResult());
        }

        var append = () => store.AppendAsync(conversation.Id, Alice, [Turn(TurnRoles.User, "mine")]);

        await append.Should().ThrowAsync<ConversationConflictException>();
        StoredTurns(conversation.Id).Should().HaveCount(ConversationStore.MaxAppendAttempts).And.NotContain("mine");
    }

    [Fact]
    public async Task Another_users_conversation_is_neither_read_nor_appended_to()
    {
        var conversation = await _store.CreateAsync(Alice);

        (await _store.GetAsync(conversation.Id, Bob)).Should().BeNull();
        (await _store.AppendAsync(conversation.Id, Bob, [Turn(TurnRoles.User, "끼어들기")])).Should().BeNull();

        StoredTurns(conversation.Id).Should().BeEmpty();
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_read_as_absent()
    {
        (await _store.GetAsync(ConversationId.New(), Alice)).Should().BeNull();
        (await _store.GetAsync("../../auth|refresh|x", Alice)).Should().BeNull();
        (await _store.AppendAsync(ConversationId.New(), Alice, [Turn(TurnRoles.User, "hi")])).Should().BeNull();
        _dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
    }

    [Fact]
    public async Task Unknown_roles_and_empty_content_are_refused()
    {
        var conversation = await _store.CreateAsync(Alice);

        var badRole = () => _store.AppendAsync(conversation.Id, Alice, [Turn("system", "you are")]);
        var empty = () => _store.AppendAsync(conversation.Id, Alice, [Turn(TurnRoles.User, " ")]);

        await badRole.Should().ThrowAsync<ArgumentException>();
        await empty.Should().ThrowAsync<ArgumentException>();
        StoredTurns(conversation.Id).Should().BeEmpty();
    }

    private ConversationStore NewStore(TimeProvider time, ChatOptions? options = null)
    {
        var settings = Options.Create(options ?? new ChatOptions());
        return new(_dapr, new ConversationIndex(_dapr, settings, NullLogger<ConversationIndex>.Instance), settings, time);
    }

    private ConversationTurn Turn(string role, string content, IReadOnlyList<string>? citations = null, string? scanId = null) =>
        new(role, content, _clock.GetUtcNow(), citations, scanId);

    /// <summary>The turns' contents as the state store holds them (the JSON, not the store's own reading of it).</summary>
    private List<string> StoredTurns(string conversationId)
    {
        var json = _dapr.GetStoredJson(DaprComponents.StateStore, ConversationStore.KeyFor(conversationId));
        json.Should().NotBeNull();
        using var document = JsonDocument.Parse(json!);
        return document.RootElement.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("content").GetString()!).ToList();
    }
}
