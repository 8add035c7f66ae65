extern alias ScanPipeline;
using System.Net;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Images;
using Growbin.TestSupport.OpenAi;
using ScanPipeline::Growbin.ScanPipeline;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// A failed activity's text (here a model API error body with secret-looking content) never reaches the person: the
/// status, the events stream, scan-pipeline's own answer to waste-api and the kept outcome show only the public reason
/// code and its fixed message. The text is still in the workflow's failure details, for operators.
/// </summary>
public sealed class ScanErrorDisclosureTests : IAsyncLifetime
{
    private const string Alice = "user-alice";
    private const string Password = "hunter2-7Qx";
    private const string Address = "10.0.3.7:5432";
    private const string ApiKey = "sk-live-4f9aB2cD";

    private PipelineSystem _system = null!;

    public async Task InitializeAsync() => _system = await PipelineSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task An_activity_that_keeps_throwing_a_secret_fails_the_scan_with_the_fixed_dependency_message_only()
    {
        var leak = FakeOpenAiResponse.Failure(HttpStatusCode.InternalServerError,
            $"upstream pool: Host={Address};Username=growbin;Password={Password}", "server_error");
        _system.OpenAi.Enqueue(leak, leak, leak); // analyze's three attempts

        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        var scan = await _system.RunAsync(taskId, Alice);

        scan.GetProperty("status").GetString().Should().Be("failed");
        var error = scan.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be(ProblemTypes.DependencyUnavailable);
        error.GetProperty("detail").GetString().Should().Be(PublicScanErrors.For(Activities.Analyze, ProblemTypes.DependencyUnavailable).Detail);
        await ShouldNotLeakAnywhereAsync(taskId, scan, Password, Address);
        (await FailureDetailsAsync(taskId)).Should().Contain(Password, "the activity's failure did carry the secret");
    }

    [Fact]
    public async Task A_refusal_whose_detail_holds_a_secret_keeps_its_reason_code_but_not_its_text()
    {
        _system.OpenAi.Enqueue(FakeOpenAiResponse.Failure(HttpStatusCode.Unauthorized,
            $"Incorrect API key provided: {ApiKey}. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_request_error", "invalid_api_key"));

        var taskId = await _system.SubmitAsync(Alice, TestPhotos.Jpeg());
        var scan = await _system.RunAsync(taskId, Alice);

        var error = scan.GetProperty("error");
        error.GetProperty("type").GetString().Should().EndWith(ActivityFailures.AiRejected);
        error.GetProperty("step").GetString().Should().Be(Activities.Analyze);
        error.GetProperty("detail").GetString().Should().Be(PublicScanErrors.For(Activities.Analyze, error.GetProperty("type").GetString()).Detail);
        await ShouldNotLeakAnywhereAsync(taskId, scan, ApiKey);
        (await FailureDetailsAsync(taskId)).Should().Contain(ApiKey, "the refusal's detail did carry the key");
    }

    [Fact]
    public void An_unknown_reason_code_is_shown_as_internal_and_a_known_one_keeps_its_code()
    {
        PublicScanErrors.For(Activities.Upload, "https://evil.example/problems/Password=hunter2")
            .Should().Be(new ScanError(Activities.Upload, ProblemTypes.Internal, PublicScanErrors.For(null, ProblemTypes.Internal).Detail));
        PublicScanErrors.Public(new ScanError(Activities.Rules, ProblemTypes.For(ActivityFailures.UnknownClassification), $"no rule for 'x' ({Address})"))!
            .Detail.Should().NotContain(Address);
    }

    private async Task ShouldNotLeakAnywhereAsync(string taskId, JsonElement status, params string[] secrets)
    {
        var events = await EventsAsync(taskId);
        var fromPipeline = await _system.ScanPipelineHost.CreateClient().GetStringAsync(ScanWorkflowApi.PathOf(taskId));
        var kept = await _system.Dapr.GetStateAsync<JsonElement>(DaprComponents.StateStore, ScanOutcomes.KeyOf(taskId));
        foreach (var (what, text) in new[]
        {
            ("waste-api's status", status.GetRawText()),
            ("waste-api's events stream", events),
            ("scan-pipeline's answer to waste-api", fromPipeline),
            ("the kept outcome", kept.GetRawText()),
        })
        {
            foreach (var secret in secrets)
            {
                text.Should().NotContain(secret, $"{what} must not carry an activity's text");
            }
        }

        events.Should().Contain("event: failed");
    }

    private async Task<string> EventsAsync(string taskId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await _system.ClientFor(Alice).GetAsync($"/api/v1/waste/{taskId}/events", timeout.Token);
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(timeout.Token));
    }

    private async Task<string> FailureDetailsAsync(string taskId) =>
        (await _system.Workflows.GetWorkflowStateAsync(taskId)).FailureDetails?.ErrorMessage ?? "";
}
