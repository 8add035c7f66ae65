using System.Net;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Images;
using Growbin.TestSupport.OpenAi;

namespace Growbin.ScanPipeline.Tests;

/// <summary>What a person sees of a scan through waste-api while the pipeline runs.</summary>
public sealed class WasteApiFlowTests : IAsyncLifetime
{
    private const string Alice = "user-alice";
    private const string Mallory = "user-mallory";

    private PipelineSystem _system = null!;

    public async Task InitializeAsync() => _system = await PipelineSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task An_upload_is_accepted_with_where_to_follow_it_and_its_raw_bytes_stored()
    {
        using var hold = _system.Sidecar.HoldActivities(AppIds.ImageUploader, Activities.Upload);
        var photo = TestPhotos.Jpeg();
        var response = await _system.PostAsync(Alice, photo, question: "이거 어디에 버려요?");

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var taskId = accepted.GetProperty("taskId").GetString()!;
        accepted.GetProperty("statusUrl").GetString().Should().Be($"/api/v1/waste/{taskId}");
        accepted.GetProperty("eventsUrl").GetString().Should().Be($"/api/v1/waste/{taskId}/events");
        _system.Images.Objects[$"raw/{taskId}"].Content.Should().Equal(photo);
        var input = (await _system.Workflows.GetWorkflowStateAsync(taskId)).ReadInputAs<ScanRequest>()!;
        input.Should().BeEquivalentTo(new { TaskId = taskId, UserId = Alice, RawKey = $"raw/{taskId}", Question = "이거 어디에 버려요?" });
    }

    [Fact]
    public async Task A_scan_in_Seoul_asked_in_English_is_answered_in_English_with_Seouls_own_rule_first()
    {
        _system.OpenAi.DefaultResponse = FakeOpenAiResponse.Json(VisionAnswers.Pills);

        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg(), region: "서울 마포구", acceptLanguage: "en-US,en;q=0.8");
        var scan = await _system.RunAsync(taskId, Alice);

        var input = (await _system.Workflows.GetWorkflowStateAsync(taskId)).ReadInputAs<ScanRequest>()!;
        input.Region.Should().Be("서울특별시 마포구");
        input.Language.Should().Be("en");
        scan.GetProperty("status").GetString().Should().Be("completed");
        var answer = scan.GetProperty("result").GetProperty("answer");
        answer.GetProperty("language").GetString().Should().Be("en");
        answer.GetProperty("itemName").GetString().Should().Be(Growbin.Knowledge.KnowledgeBase.Default.FindItem("pills")!.NameEn);
        answer.GetProperty("message").GetString().Should().Contain("This is the rule in Seoul.").And.Contain("Elsewhere in Korea (the national rule)");
        _system.OpenAi.CallCount.Should().Be(1, "one paid call, whatever the language and region");
    }

    [Fact]
    public async Task Status_shows_the_step_and_attempts_while_running_without_waiting_for_the_step()
    {
        var upload = _system.Sidecar.HoldActivities(AppIds.ImageUploader, Activities.Upload);
        var analyze = _system.Sidecar.HoldActivities(AppIds.VisionAnalyzer, Activities.Analyze);
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        await _system.Sidecar.WaitForIdleAsync();
        var first = await _system.StatusAsync(taskId, Alice);
        upload.Release();
        await _system.Sidecar.WaitForIdleAsync();
        var second = await _system.StatusAsync(taskId, Alice);
        analyze.Release();

        first.GetProperty("status").GetString().Should().Be("running");
        first.GetProperty("step").GetString().Should().Be(Activities.Upload);
        first.GetProperty("attempts").GetInt32().Should().Be(1);
        second.GetProperty("step").GetString().Should().Be(Activities.Analyze);
        second.GetProperty("attempts").GetInt32().Should().Be(1);
        second.TryGetProperty("result", out var result).Should().BeTrue();
        result.ValueKind.Should().Be(JsonValueKind.Null);
        (await _system.RunAsync(taskId, Alice)).GetProperty("status").GetString().Should().Be("completed");
    }

    [Fact]
    public async Task Someone_elses_scan_is_not_found_and_its_events_too()
    {
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        await _system.RunAsync(taskId, Alice);

        var status = await _system.ClientFor(Mallory).GetAsync($"/api/v1/waste/{taskId}");
        var events = await _system.ClientFor(Mallory).GetAsync($"/api/v1/waste/{taskId}/events");

        status.StatusCode.Should().Be(HttpStatusCode.NotFound);
        events.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await status.Content.ReadAsStringAsync()).Should().NotContain("우유팩", "nothing of the scan leaks");
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_scan_and_starts_nothing_new()
    {
        var photo = TestPhotos.Jpeg();
        var first = await _system.SubmitAsync(Alice, photo, idempotencyKey: "retry-123");
        var second = await _system.SubmitAsync(Alice, photo, idempotencyKey: "retry-123");
        var otherUser = await _system.SubmitAsync(Mallory, photo, idempotencyKey: "retry-123");

        second.Should().Be(first);
        otherUser.Should().NotBe(first, "keys are per user");
        _system.Sidecar.Instances.Should().HaveCount(2);
    }

    [Fact]
    public async Task Events_stream_one_progress_event_per_step_then_the_result_then_close()
    {
        var holds = new[]
        {
            _system.Sidecar.HoldActivities(AppIds.ImageUploader, Activities.Upload),
            _system.Sidecar.HoldActivities(AppIds.VisionAnalyzer, Activities.Analyze),
            _system.Sidecar.HoldActivities(AppIds.RuleRetriever, Activities.Rules),
            _system.Sidecar.HoldActivities(AppIds.ResponseGenerator, Activities.Respond),
        };
        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        await _system.Sidecar.WaitForIdleAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/waste/{taskId}/events");
        var response = await _system.ClientFor(Alice).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());

        var events = new List<(string Type, JsonElement Data)> { await NextEventAsync(stream) };
        foreach (var hold in holds)
        {
            hold.Release(); // one step the person sees; the next one waits in the sidecar
            await _system.Sidecar.WaitForIdleAsync();
            events.Add(await NextEventAsync(stream));
        }

        events.Select(e => (e.Type, e.Data.GetProperty("step").GetString())).Should().Equal(
            ("progress", Activities.Upload),
            ("progress", Activities.Analyze),
            ("progress", Activities.Rules),
            ("progress", Activities.Respond),
            ("result", Activities.Respond));
        events[^1].Data.GetProperty("result").GetProperty("answer").GetProperty("itemId").GetString().Should().Be("milk-carton");
        (await stream.ReadLineAsync()).Should().BeNull("the stream closes after the result");
    }

    /// <summary>Reads one server-sent event: its <c>event:</c> type and its <c>data:</c> JSON.</summary>
    private static async Task<(string Type, JsonElement Data)> NextEventAsync(StreamReader stream)
    {
        string? type = null;
        string? data = null;
        while (await stream.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = line["data:".Length..].Trim();
            }
            else if (line.Length == 0 && data is not null)
            {
                return (type ?? "message", JsonDocument.Parse(data).RootElement);
            }
        }

        throw new InvalidOperationException("The event stream ended before another event.");
    }
}
