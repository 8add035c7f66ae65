using System.Net;
using System.Net.Http.Json;
using Growbin.ChatLlm.Grounding;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;
using Growbin.TestSupport.OpenAi;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// Chat answers in the language the person writes in (Accept-Language when the message shows none) and grounds each
/// item in the rule where they live: the message's region, else the profile's from userinfo, else the national rule.
/// </summary>
public sealed class ChatLanguageAndRegionTests(ChatModelHost host) : IClassFixture<ChatModelHost>
{
    private static readonly KnowledgeBase Data = KnowledgeBase.Default;

    private readonly string _userId = ChatModelHost.NewUserId();

    [Fact]
    public async Task An_English_message_gets_an_English_prompt_English_knowledge_and_English_citations()
    {
        var milk = Data.FindItem("milk-carton")!;
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("Rinse it and put it out with paper cartons. [item:milk-carton]"));

        var (system, answer) = await AskAsync(new { message = "How do I throw away a milk carton?" });

        system.Should().Contain("Always answer in English").And.Contain(ChatGrounding.RefusalInstructionEn)
            .And.Contain($"\"name\":\"{milk.NameEn}\"").And.Contain($"\"nameKo\":\"{milk.NameKo}\"");
        system.Should().Contain(Json(milk.StepsIn(TextLanguage.En)[0]));
        answer.GetProperty("citations")[0].GetProperty("name").GetString().Should().Be(milk.NameEn);
    }

    [Fact]
    public async Task A_Korean_message_is_answered_in_Korean_whatever_Accept_Language_says()
    {
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("헹궈서 버려요. [item:milk-carton]"));

        var (system, answer) = await AskAsync(new { message = "우유팩 어떻게 버려요?" }, acceptLanguage: "en");

        system.Should().Contain("한국어 해요체").And.Contain(ChatGrounding.RefusalInstruction);
        answer.GetProperty("citations")[0].GetProperty("name").GetString().Should().Be("우유팩");
    }

    [Fact]
    public async Task A_message_with_no_letters_takes_the_language_of_Accept_Language()
    {
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("What would you like to throw away?"));

        var (system, _) = await AskAsync(new { message = "👍 ?" }, acceptLanguage: "en-GB,en;q=0.9");

        system.Should().Contain("Always answer in English");
    }

    [Fact]
    public async Task The_messages_region_puts_that_regions_own_rule_first_with_the_national_rule_beside_it()
    {
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("서울에서는 우체통에 넣어요. [item:pills]"));

        var (system, _) = await AskAsync(new { message = "알약 어떻게 버려요?", region = "서울 마포구" });

        system.Should().Contain("\"region\":\"서울특별시 마포구\"").And.Contain("\"rule\":\"local (서울특별시)\"").And.Contain("\"national\":{");
        system.Should().Contain("우체통");
    }

    [Fact]
    public async Task Without_a_region_in_the_message_the_profiles_region_is_read_from_userinfo()
    {
        var userinfo = new StandInUserInfo("서울특별시 강남구");
        host.Factory.Dapr.RegisterApp(AppIds.UserInfo, new HttpClient(userinfo) { BaseAddress = new Uri("http://userinfo/") });
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("In Seoul, use a post box. [item:pills]"));

        var (system, _) = await AskAsync(new { message = "How do I get rid of old pills?" });

        userinfo.Paths.Should().Equal(UserRegions.PathOf(_userId));
        system.Should().Contain("\"rule\":\"local (Seoul)\"");
    }

    [Fact]
    public async Task When_no_region_is_known_the_rule_is_national_and_the_answer_still_comes()
    {
        host.Factory.Dapr.RegisterApp(AppIds.UserInfo, new HttpClient(new StandInUserInfo(null)) { BaseAddress = new Uri("http://userinfo/") });
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("약국에 가져가요. [item:pills]"));

        var (system, _) = await AskAsync(new { message = "알약 어떻게 버려요?" });

        system.Should().Contain("\"region\":null").And.Contain("\"rule\":\"national\"").And.NotContain("\"rule\":\"local");
    }

    [Theory]
    [InlineData("마포구")]
    [InlineData("Tokyo")]
    [InlineData("서울특별시 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_region_that_names_no_sido_is_a_400_with_no_model_call_and_nothing_stored(string region)
    {
        var conversation = await host.Store.CreateAsync(_userId);
        var before = host.OpenAi.CallCount;

        var response = await host.ClientFor(_userId).SendAsync(ChatModelHost.Message(new { conversationId = conversation.Id, message = "알약 어떻게 버려요?", region }));

        var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("region").GetArrayLength().Should().Be(1);
        host.OpenAi.CallCount.Should().Be(before);
        (await host.Store.GetAsync(conversation.Id, _userId))!.Turns.Should().BeEmpty();
    }

    private async Task<(string System, System.Text.Json.JsonElement Answer)> AskAsync(object body, string? acceptLanguage = null)
    {
        var before = host.OpenAi.CallCount;
        var request = ChatModelHost.Message(body);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var answer = await ChatModelHost.ReadJsonAsync(await host.ClientFor(_userId).SendAsync(request), HttpStatusCode.OK);
        return (ChatModelHost.Messages(host.RequestsSince(before).Single())[0].Text, answer);
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text, new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>userinfo's region read as chat-llm uses it (userinfo's own tests cover the real one).</summary>
    private sealed class StandInUserInfo(string? region) : HttpMessageHandler
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Paths)
            {
                Paths.Add(request.RequestUri!.AbsolutePath);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(new UserRegion(region)) });
        }
    }
}
