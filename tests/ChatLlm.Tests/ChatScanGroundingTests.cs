using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Growbin.ChatLlm.Chat;
using Growbin.ChatLlm.Grounding;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.OpenAi;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// With <c>scanId</c>, the answer is grounded in that scan, read from waste-api through service invocation as the
/// caller (their own Bearer token), so waste-api's owner check applies; waste-api here is a stub app in the Dapr double.
/// </summary>
public sealed class ChatScanGroundingTests(ChatModelHost host) : IClassFixture<ChatModelHost>, IDisposable
{
    private readonly WasteApiStub _wasteApi = new();
    private readonly string _userId = ChatModelHost.NewUserId();

    [Fact]
    public async Task A_completed_scan_grounds_the_answer_and_is_read_with_the_callers_token()
    {
        var scanId = _wasteApi.Add(_userId, Completed("milk-carton", "우유팩"));
        Register();
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("이 우유팩은 헹궈서 버려요. [item:milk-carton]"));
        var before = host.OpenAi.CallCount;

        using var response = await Send(new { message = "이거 어떻게 버려요?", scanId });

        await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.OK);
        var system = ChatModelHost.Messages(host.RequestsSince(before).Single())[0].Text;
        system.Should().Contain(ChatGrounding.ScanInstruction).And.Contain("\"itemName\":\"우유팩\"").And.Contain("\"confidence\":0.93");
        system.IndexOf("\"id\":\"milk-carton\"", StringComparison.Ordinal).Should().BePositive();
        var (path, caller) = _wasteApi.Requests.Should().ContainSingle().Subject;
        path.Should().Be($"/api/v1/waste/{scanId}");
        caller.Should().Be(_userId, "waste-api is asked as the user who asks chat");
    }

    [Fact]
    public async Task A_follow_up_without_scan_id_stays_about_the_conversations_scan()
    {
        var scanId = _wasteApi.Add(_userId, Completed("milk-carton", "우유팩"));
        Register();
        host.OpenAi.Enqueue(
            FakeOpenAiResponse.Stream("헹궈서 버려요. [item:milk-carton]"),
            FakeOpenAiResponse.Stream("뚜껑은 플라스틱이에요."));
        var first = await ChatModelHost.ReadJsonAsync(await Send(new { message = "이거 어떻게 버려요?", scanId }), HttpStatusCode.OK);
        var before = host.OpenAi.CallCount;

        using var response = await Send(new { conversationId = first.GetProperty("conversationId").GetString(), message = "뚜껑은요?" });

        await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.OK);
        ChatModelHost.Messages(host.RequestsSince(before).Single())[0].Text.Should().Contain(ChatGrounding.ScanInstruction);
        _wasteApi.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Someone_elses_or_an_unknown_scan_is_404_with_no_model_call_and_nothing_stored()
    {
        var othersScan = _wasteApi.Add(ChatModelHost.NewUserId(), Completed("milk-carton", "우유팩"));
        Register();
        var before = host.OpenAi.CallCount;

        foreach (var scanId in new[] { othersScan, new string('a', 32) })
        {
            using var response = await Send(new { message = "이거 어떻게 버려요?", scanId });

            var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.NotFound);
            problem.GetProperty("type").GetString().Should().Be(ChatProblems.ScanNotFoundType);
        }

        host.OpenAi.CallCount.Should().Be(before);
    }

    [Fact]
    public async Task A_scan_still_running_is_said_to_be_running()
    {
        var scanId = _wasteApi.Add(_userId, new { status = "running", result = (object?)null });
        Register();
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("분석이 끝나면 다시 물어봐 주세요."));
        var before = host.OpenAi.CallCount;

        await ChatModelHost.ReadJsonAsync(await Send(new { message = "이거 뭐예요?", scanId }), HttpStatusCode.OK);

        ChatModelHost.Messages(host.RequestsSince(before).Single())[0].Text.Should().Contain("\"status\":\"running\"");
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task When_waste_api_fails_the_question_is_answered_without_the_scan(HttpStatusCode failure)
    {
        _wasteApi.FailWith = failure;
        Register();
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("우유팩은 종이팩으로 버려요. [item:milk-carton]"));
        var before = host.OpenAi.CallCount;

        using var response = await Send(new { message = "우유팩 어떻게 버려요?", scanId = new string('b', 32) });

        await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.OK);
        ChatModelHost.Messages(host.RequestsSince(before).Single())[0].Text.Should().NotContain(ChatGrounding.ScanInstruction);
    }

    public void Dispose() => _wasteApi.Dispose();

    private void Register() => host.Factory.Dapr.RegisterApp("waste-api", _wasteApi.Client);

    private Task<HttpResponseMessage> Send(object body) => host.ClientFor(_userId).SendAsync(ChatModelHost.Message(body));

    private static object Completed(string itemId, string itemName) => new
    {
        status = "completed",
        step = "respond",
        attempts = 1,
        result = new ScanResult(
            $"images/{itemId}.jpg",
            new Classification("paper-pack", itemId, itemName, ["paper"], [], 0.93),
            AnalysisFromCache: false,
            new ScanAnswer(false, $"{itemName}은 종이팩 수거함에 버려요.", "…", itemId, itemName,
                new RuleCategory("paper-pack", "종이팩", "Paper packs", "종이팩 전용 수거함"), ["헹궈요"], [], null, false, null, [])),
    };

    /// <summary>waste-api's <c>GET /api/v1/waste/{id}</c>: the scan to its owner's token, 404 to anyone else.</summary>
    private sealed class WasteApiStub : HttpMessageHandler
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        private readonly ConcurrentDictionary<string, (string Owner, object Scan)> _scans = new();
        private readonly ConcurrentQueue<(string Path, string? Caller)> _requests = new();

        public WasteApiStub() => Client = new HttpClient(this) { BaseAddress = new Uri("http://waste-api/") };

        public HttpClient Client { get; }

        public HttpStatusCode? FailWith { get; set; }

        /// <summary>Each request's path and the <c>sub</c> of its Bearer token (null without one).</summary>
        public IReadOnlyList<(string Path, string? Caller)> Requests => [.. _requests];

        public string Add(string ownerUserId, object scan)
        {
            var id = Guid.NewGuid().ToString("N");
            _scans[id] = (ownerUserId, scan);
            return id;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var caller = request.Headers.Authorization is { Scheme: "Bearer", Parameter: { } token }
                ? new JsonWebToken(token).Subject
                : null;
            _requests.Enqueue((path, caller));
            if (FailWith is { } failure)
            {
                return Task.FromResult(new HttpResponseMessage(failure));
            }

            var id = path["/api/v1/waste/".Length..];
            if (!_scans.TryGetValue(id, out var scan) || caller != scan.Owner)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            var body = JsonSerializer.SerializeToElement(scan.Scan, Json);
            var json = JsonSerializer.Serialize(new Dictionary<string, JsonElement>(body.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)))
            {
                ["taskId"] = JsonSerializer.SerializeToElement(id),
            }, Json);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
