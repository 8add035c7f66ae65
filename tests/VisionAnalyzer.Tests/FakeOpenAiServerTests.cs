using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Growbin.TestSupport.OpenAi;
using OpenAI;
using OpenAI.Chat;

namespace Growbin.VisionAnalyzer.Tests;

/// <summary>The fake speaks OpenAI well enough for the real SDK: what it answers is what the SDK reads.</summary>
public sealed class FakeOpenAiServerTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_sdk_reads_a_scripted_completion_with_estimated_usage()
    {
        _server.Enqueue(FakeOpenAiResponse.Completion("안녕하세요"));

        var completion = (await Client().CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Say hello in Korean.")])).Value;

        completion.Content.Single().Text.Should().Be("안녕하세요");
        completion.FinishReason.Should().Be(ChatFinishReason.Stop);
        completion.Model.Should().Be("gpt-fake");
        completion.Usage.InputTokenCount.Should().Be(_server.Requests.Single().PromptTokens);
        // 3 (priming) + 2 messages × 3 + "Be brief." (9 B → 3) + "Say hello in Korean." (20 B → 5)
        completion.Usage.InputTokenCount.Should().Be(3 + 6 + 3 + 5);
        completion.Usage.OutputTokenCount.Should().Be(4, "five Hangul syllables are 15 UTF-8 bytes");
        _server.CallCount.Should().Be(1);
        _server.Requests.Single().Path.Should().Be("/v1/chat/completions");
        _server.Requests.Single().Authorization.Should().Be("Bearer test-key");
    }

    [Fact]
    public async Task A_low_detail_image_counts_85_tokens_and_a_high_detail_one_765()
    {
        _server.Enqueue(FakeOpenAiResponse.Completion("a"), FakeOpenAiResponse.Completion("b"));
        var image = BinaryData.FromBytes([0xFF, 0xD8, 0xFF, 0x00]);

        var low = (await Client().CompleteChatAsync([new UserChatMessage(ChatMessageContentPart.CreateImagePart(image, "image/jpeg", ChatImageDetailLevel.Low))])).Value;
        var high = (await Client().CompleteChatAsync([new UserChatMessage(ChatMessageContentPart.CreateImagePart(image, "image/jpeg", ChatImageDetailLevel.High))])).Value;

        low.Usage.InputTokenCount.Should().Be(3 + 3 + OpenAiTokenEstimate.LowDetailImage);
        high.Usage.InputTokenCount.Should().Be(3 + 3 + OpenAiTokenEstimate.HighDetailImage);
    }

    [Fact]
    public async Task A_refusal_reaches_the_sdk_as_a_refusal()
    {
        _server.Enqueue(FakeOpenAiResponse.Refused("No."));

        var completion = (await Client().CompleteChatAsync([new UserChatMessage("?")])).Value;

        completion.Refusal.Should().Be("No.");
        completion.Content.Should().BeEmpty();
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task An_error_reaches_the_sdk_with_its_status_and_is_called_once_without_retries(HttpStatusCode status)
    {
        _server.DefaultResponse = FakeOpenAiResponse.Failure(status, "nope", "server_error");

        var call = () => Client().CompleteChatAsync([new UserChatMessage("?")]);

        (await call.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be((int)status);
        _server.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task Without_a_script_the_server_answers_500_saying_so()
    {
        var call = () => Client().CompleteChatAsync([new UserChatMessage("?")]);

        (await call.Should().ThrowAsync<ClientResultException>()).Which.Message.Should().Contain("no response scripted");
    }

    [Fact]
    public async Task The_path_without_v1_is_served_too()
    {
        _server.Enqueue(FakeOpenAiResponse.Completion("ok"));

        var completion = (await Client(_server.BaseAddress).CompleteChatAsync([new UserChatMessage("?")])).Value;

        completion.Content.Single().Text.Should().Be("ok");
        _server.Requests.Single().Path.Should().Be("/chat/completions");
    }

    [Fact]
    public async Task Disposing_does_not_wait_out_a_scripted_delay()
    {
        _server.Enqueue(FakeOpenAiResponse.Completion("late").After(TimeSpan.FromMinutes(10)));
        var pending = Client().CompleteChatAsync([new UserChatMessage("?")]);
        while (_server.CallCount == 0)
        {
            await Task.Delay(10);
        }

        await _server.DisposeAsync();

        await pending.Invoking(async p => await p).Should().ThrowAsync<Exception>();
    }

    private ChatClient Client(Uri? endpoint = null) => new("gpt-fake", new ApiKeyCredential("test-key"), new OpenAIClientOptions
    {
        Endpoint = endpoint ?? _server.Endpoint,
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });
}
