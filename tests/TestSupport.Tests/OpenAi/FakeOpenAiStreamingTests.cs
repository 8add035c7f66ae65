using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using Growbin.TestSupport.OpenAi;
using OpenAI;
using OpenAI.Chat;

namespace Growbin.TestSupport.Tests.OpenAi;

/// <summary>The fake streams as OpenAI does, well enough for the real SDK's <c>CompleteChatStreamingAsync</c>.</summary>
public sealed class FakeOpenAiStreamingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Streamed_pieces_reach_the_sdk_in_order_and_join_to_the_content()
    {
        _server.Enqueue(FakeOpenAiResponse.Stream("플라스틱", "은 ", "분리", "배출하세요."));

        var updates = await ReadAllAsync(Client().CompleteChatStreamingAsync([new UserChatMessage("페트병은?")]));

        Pieces(updates).Should().Equal("플라스틱", "은 ", "분리", "배출하세요.");
        string.Concat(Pieces(updates)).Should().Be("플라스틱은 분리배출하세요.");
        updates.First().Role.Should().Be(ChatMessageRole.Assistant);
        updates.Select(u => u.CompletionId).Distinct().Should().Equal("chatcmpl-fake-1");
        updates.Where(u => u.FinishReason is not null).Select(u => u.FinishReason).Should().Equal(ChatFinishReason.Stop);
        updates.Select(u => u.Model).Distinct().Should().Equal("gpt-fake");
        _server.Requests.Single().Stream.Should().BeTrue();
        _server.Requests.Single().ClientDisconnected.Should().BeFalse();
    }

    [Fact]
    public async Task Usage_comes_last_when_the_request_asks_for_it_estimated_like_a_completion()
    {
        _server.Enqueue(FakeOpenAiResponse.Stream("Rinse ", "it ", "first."));

        var updates = await ReadAllAsync(Client().CompleteChatStreamingAsync([new UserChatMessage("Bottle?")]));

        var request = _server.Requests.Single();
        request.Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean()
            .Should().BeTrue("the SDK asks for usage on every stream");
        var usage = updates.Last().Usage;
        usage.Should().NotBeNull();
        usage!.InputTokenCount.Should().Be(request.PromptTokens);
        usage.OutputTokenCount.Should().Be(OpenAiTokenEstimate.Text("Rinse it first."));
        usage.TotalTokenCount.Should().Be(request.PromptTokens + OpenAiTokenEstimate.Text("Rinse it first."));
        updates.Last().ContentUpdate.Should().BeEmpty();
        updates.Count(u => u.Usage is not null).Should().Be(1);
    }

    [Fact]
    public async Task Scripted_usage_replaces_the_estimate_in_a_stream()
    {
        _server.Enqueue(FakeOpenAiResponse.Stream("a", "b").WithUsage(100, 7));

        var updates = await ReadAllAsync(Client().CompleteChatStreamingAsync([new UserChatMessage("?")]));

        updates.Last().Usage!.InputTokenCount.Should().Be(100);
        updates.Last().Usage!.OutputTokenCount.Should().Be(7);
        updates.Last().Usage!.TotalTokenCount.Should().Be(107);
    }

    [Fact]
    public async Task The_wire_has_OpenAIs_chunks_and_no_usage_unless_asked()
    {
        _server.Enqueue(FakeOpenAiResponse.Stream("one", "two").WithChunkDelay(TimeSpan.FromMilliseconds(1)));
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(_server.Endpoint + "/chat/completions"), new StringContent(
            """{"model":"gpt-fake","stream":true,"messages":[{"role":"user","content":"?"}]}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        events.Should().AllSatisfy(e => e.Should().StartWith("data: "));
        events.Last().Should().Be("data: [DONE]");
        text.Should().EndWith("data: [DONE]\n\n");
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        chunks.Should().HaveCount(4, "role, two pieces, finish — and no usage chunk");
        chunks.Should().AllSatisfy(c =>
        {
            c.GetProperty("id").GetString().Should().Be("chatcmpl-fake-1");
            c.GetProperty("object").GetString().Should().Be("chat.completion.chunk");
            c.GetProperty("created").GetInt64().Should().BePositive();
            c.GetProperty("model").GetString().Should().Be("gpt-fake");
            c.TryGetProperty("usage", out _).Should().BeFalse();
        });
        Delta(chunks[0]).GetProperty("role").GetString().Should().Be("assistant");
        Delta(chunks[1]).GetProperty("content").GetString().Should().Be("one");
        Delta(chunks[2]).GetProperty("content").GetString().Should().Be("two");
        Delta(chunks[3]).EnumerateObject().Should().BeEmpty();
        chunks[3].GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        chunks.Take(3).Should().AllSatisfy(c =>
            c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind.Should().Be(JsonValueKind.Null));
    }

    [Fact]
    public async Task A_scripted_completion_streams_as_one_piece_and_a_scripted_stream_answers_a_plain_call_whole()
    {
        _server.Enqueue(FakeOpenAiResponse.Completion("whole answer"), FakeOpenAiResponse.Stream("in ", "pieces"));

        var streamed = await ReadAllAsync(Client().CompleteChatStreamingAsync([new UserChatMessage("?")]));
        var plain = (await Client().CompleteChatAsync([new UserChatMessage("?")])).Value;

        Pieces(streamed).Should().Equal("whole answer");
        plain.Content.Single().Text.Should().Be("in pieces");
        _server.Requests.Select(r => r.Stream).Should().Equal(true, false);
    }

    [Fact]
    public async Task A_refusal_streams_as_refusal_updates()
    {
        _server.Enqueue(FakeOpenAiResponse.Refused("No."));

        var updates = await ReadAllAsync(Client().CompleteChatStreamingAsync([new UserChatMessage("?")]));

        string.Concat(updates.Select(u => u.RefusalUpdate)).Should().Be("No.");
        Pieces(updates).Should().BeEmpty();
    }

    [Fact]
    public async Task A_dropped_connection_mid_stream_fails_the_sdk_after_the_first_pieces()
    {
        _server.Enqueue(FakeOpenAiResponse.Stream("a", "b", "c", "d").AbortAfter(2));
        var received = new List<string>();

        var read = async () =>
        {
            await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("?")]))
            {
                received.AddRange(update.ContentUpdate.Select(p => p.Text).Where(t => t.Length > 0));
            }
        };

        await read.Should().ThrowAsync<Exception>();
        received.Should().Equal("a", "b");
        await _server.Requests.Single().Answered.WaitAsync(Patience);
        _server.Requests.Single().ClientDisconnected.Should().BeFalse("the server dropped it, not the client");
        _server.CancelledStreams.Should().Be(0);
    }

    [Fact]
    public async Task An_error_event_mid_stream_ends_it_without_done_after_the_first_pieces()
    {
        _server.Enqueue(FakeOpenAiResponse.Stream("a", "b", "c").ErrorAfter(1, "The model broke."));
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(_server.Endpoint + "/chat/completions"), new StringContent(
            """{"model":"gpt-fake","stream":true,"messages":[{"role":"user","content":"?"}]}""", Encoding.UTF8, "application/json"));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        events.Should().HaveCount(3, "the role, one piece, the error");
        Delta(JsonDocument.Parse(events[1]["data: ".Length..]).RootElement).GetProperty("content").GetString().Should().Be("a");
        var error = JsonDocument.Parse(events[2]["data: ".Length..]).RootElement.GetProperty("error");
        error.GetProperty("message").GetString().Should().Be("The model broke.");
        error.GetProperty("type").GetString().Should().Be("server_error");
        events.Should().NotContain("data: [DONE]");
    }

    [Fact]
    public async Task The_sdk_reads_an_error_event_as_an_empty_update_and_a_stream_without_a_finish_reason()
    {
        // OpenAI SDK 2.15 does not throw on a mid-stream error event: a caller must treat a missing finish reason as a failure.
        _server.Enqueue(FakeOpenAiResponse.Stream("a", "b", "c").ErrorAfter(1));

        var updates = await ReadAllAsync(Client().CompleteChatStreamingAsync([new UserChatMessage("?")]));

        Pieces(updates).Should().Equal("a");
        updates.Should().OnlyContain(u => u.FinishReason == null);
        updates.Should().OnlyContain(u => u.Usage == null);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task A_failure_before_the_stream_reaches_the_sdk_with_its_status(HttpStatusCode status)
    {
        _server.Enqueue(status == HttpStatusCode.TooManyRequests ? FakeOpenAiResponse.RateLimited() : FakeOpenAiResponse.ServerError(status));

        var read = () => ReadAllAsync(Client().CompleteChatStreamingAsync([new UserChatMessage("?")]));

        (await read.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be((int)status);
        _server.CallCount.Should().Be(1);
        _server.Requests.Single().Stream.Should().BeTrue();
    }

    [Fact]
    public async Task Cancelling_the_sdks_enumeration_mid_stream_is_seen_by_the_server_as_a_disconnect()
    {
        // A long stream with gaps, so the client is waiting for the next chunk when it cancels.
        var pieces = Enumerable.Range(0, 100).Select(i => $"p{i} ").ToArray();
        _server.Enqueue(FakeOpenAiResponse.Stream(pieces).WithChunkDelay(TimeSpan.FromMilliseconds(100)));
        using var cancel = new CancellationTokenSource();
        var received = new List<string>();

        var read = async () =>
        {
            await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("?")], cancellationToken: cancel.Token))
            {
                received.AddRange(update.ContentUpdate.Select(p => p.Text).Where(t => t.Length > 0));
                if (received.Count == 2)
                {
                    await cancel.CancelAsync();
                }
            }
        };

        await read.Should().ThrowAsync<OperationCanceledException>();
        var request = _server.Requests.Single();
        await request.Answered.WaitAsync(Patience);
        request.ClientDisconnected.Should().BeTrue();
        _server.CancelledStreams.Should().Be(1);
        received.Should().Equal("p0 ", "p1 ");
    }

    [Fact]
    public async Task A_client_giving_up_before_the_first_byte_is_a_disconnect_too()
    {
        _server.Enqueue(FakeOpenAiResponse.Stream("late").After(TimeSpan.FromMinutes(10)));
        using var cancel = new CancellationTokenSource();

        var read = ReadAllAsync(Client().CompleteChatStreamingAsync([new UserChatMessage("?")], cancellationToken: cancel.Token));
        while (_server.CallCount == 0)
        {
            await Task.Delay(10);
        }

        await cancel.CancelAsync();

        await read.Invoking(async r => await r).Should().ThrowAsync<OperationCanceledException>();
        await _server.Requests.Single().Answered.WaitAsync(Patience);
        _server.Requests.Single().ClientDisconnected.Should().BeTrue();
        _server.CancelledStreams.Should().Be(1);
    }

    private static JsonElement Delta(JsonElement chunk) => chunk.GetProperty("choices")[0].GetProperty("delta");

    private static List<string> Pieces(IEnumerable<StreamingChatCompletionUpdate> updates) =>
        updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text).Where(t => t.Length > 0).ToList();

    private static async Task<List<StreamingChatCompletionUpdate>> ReadAllAsync(AsyncCollectionResult<StreamingChatCompletionUpdate> stream)
    {
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in stream)
        {
            updates.Add(update);
        }

        return updates;
    }

    private ChatClient Client() => new("gpt-fake", new ApiKeyCredential("test"), new OpenAIClientOptions
    {
        Endpoint = _server.Endpoint,
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });
}
