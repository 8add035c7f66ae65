using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Ai;
using Growbin.Ai.Budget;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OpenAi;
using Growbin.VisionAnalyzer.Ai;
using Growbin.VisionAnalyzer.Apis;
using Growbin.VisionAnalyzer.Cache;
using Growbin.VisionAnalyzer.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Growbin.VisionAnalyzer.Tests;

/// <summary>
/// The analyze activity run as the Dapr.Workflow worker runs it, against the real OpenAI SDK and a fake OpenAI server.
/// </summary>
public sealed class AnalyzeActivityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKey = "sk-test-key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Each test has its own model name, so the process-wide Prometheus counters can be read per test.
    private readonly string _model = "gpt-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly S3BindingHandler _images = new();
    private readonly ManualTimeProvider _storeClock = new(DateTimeOffset.UtcNow);
    private FakeOpenAiServer _openAi = null!;
    private VisionAnalyzerFactory? _factory;

    public async Task InitializeAsync() => _openAi = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _openAi.DisposeAsync();
    }

    [Fact]
    public async Task A_new_photo_is_classified_by_one_model_call_and_cached_before_the_answer()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton));

        var analysis = await AnalyzeOkAsync(Request("task-1", key, sha));

        _openAi.CallCount.Should().Be(1);
        analysis.Classification.Should().BeEquivalentTo(new Classification(
            "paper-pack", "milk-carton", "우유팩", ["paper", "plastic-film"], [ItemConditions.Contaminated], 0.93));
        analysis.Model.Should().Be(_model);
        analysis.PromptVersion.Should().Be(ScanPrompt.Version);
        analysis.FromCache.Should().BeFalse();
        analysis.PromptTokens.Should().Be(_openAi.Requests[0].PromptTokens).And.BePositive();
        analysis.CompletionTokens.Should().BePositive();

        // Nothing runs after the response, so what the store holds now it held when the answer left.
        var cached = CachedEntry(sha);
        cached.Should().NotBeNull();
        cached!.Classification.Should().BeEquivalentTo(analysis.Classification);
        cached.PromptTokens.Should().Be(analysis.PromptTokens);
        _openAi.Requests[0].Authorization.Should().Be("Bearer " + ApiKey);
    }

    [Fact]
    public async Task The_same_photo_again_from_another_scan_costs_no_call_and_no_budget()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton));
        var first = await AnalyzeOkAsync(Request("task-1", key, sha));

        var second = await AnalyzeOkAsync(Request("task-2", key, sha));

        _openAi.CallCount.Should().Be(1);
        second.FromCache.Should().BeTrue();
        second.PromptTokens.Should().Be(0);
        second.CompletionTokens.Should().Be(0);
        second.Classification.Should().BeEquivalentTo(first.Classification);
        (await Factory().Budget.GetTodayAsync()).Calls.Should().Be(1);
        (await MetricAsync("growbin_ai_cache_hits_total", ("purpose", "scan"), ("model", _model))).Should().Be(1);
    }

    [Fact]
    public async Task A_second_run_of_the_same_task_is_answered_from_the_cache_without_a_model_call()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton));
        var request = Request("task-1", key, sha);

        var first = await AnalyzeOkAsync(request);
        var again = await AnalyzeOkAsync(request);

        _openAi.CallCount.Should().Be(1);
        again.Classification.Should().BeEquivalentTo(first.Classification);
    }

    [Fact]
    public async Task The_request_sends_a_low_detail_image_and_the_strict_schema_of_the_datasets_ids()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton));

        await AnalyzeOkAsync(Request("task-1", key, sha, question: "이거 어디에 버려요?"));

        var body = _openAi.Requests.Single().Json;
        body.GetProperty("model").GetString().Should().Be(_model);

        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        messages[0].GetProperty("role").GetString().Should().Be("system");
        messages[0].GetProperty("content").ToString().Should().Contain("Korean");
        var image = messages[1].GetProperty("content").EnumerateArray().Single(p => p.GetProperty("type").GetString() == "image_url")
            .GetProperty("image_url");
        image.GetProperty("detail").GetString().Should().Be("low");
        image.GetProperty("url").GetString().Should().Be("data:image/jpeg;base64," + Convert.ToBase64String(_images.Objects[key].Content));

        var format = body.GetProperty("response_format");
        format.GetProperty("type").GetString().Should().Be("json_schema");
        var jsonSchema = format.GetProperty("json_schema");
        jsonSchema.GetProperty("name").GetString().Should().Be(ClassificationSchema.Name);
        jsonSchema.GetProperty("strict").GetBoolean().Should().BeTrue();
        var schema = jsonSchema.GetProperty("schema");
        schema.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        Strings(schema.GetProperty("required")).Should().BeEquivalentTo("category", "itemId", "itemName", "condition", "confidence");
        var properties = schema.GetProperty("properties");
        properties.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(Strings(schema.GetProperty("required")), "strict mode requires every property");
        properties.TryGetProperty("materials", out _).Should().BeFalse("nothing downstream reads materials, and every schema byte is paid for");
        Strings(properties.GetProperty("category").GetProperty("enum")).Should().Equal(KnowledgeBase.Default.Categories.Select(c => c.Id));
        properties.GetProperty("itemId").GetProperty("enum").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString())
            .Should().Equal(KnowledgeBase.Default.Items.Select(i => (string?)i.Id).Append(null));
        Strings(properties.GetProperty("condition").GetProperty("items").GetProperty("enum")).Should().Equal(ItemConditions.All);

        // The person's question is for the answer step; the model classifies the photo alone (so the cache can too).
        _openAi.Requests.Single().Body.Should().NotContain("버려요");
        body.TryGetProperty("temperature", out _).Should().BeFalse();
    }

    [Fact]
    public async Task The_prompt_and_image_are_small_and_the_schema_enums_are_the_bulk_of_a_scans_tokens()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton));

        await AnalyzeOkAsync(Request("task-1", key, sha));

        var request = _openAi.Requests.Single();
        var schemaTokens = OpenAiTokenEstimate.Text(request.Json.GetProperty("response_format").GetProperty("json_schema").GetRawText());
        var messageTokens = request.PromptTokens - schemaTokens;
        var imageBase64 = Convert.ToBase64String(_images.Objects[key].Content).Length;
        output.WriteLine($"request body {request.BodyBytes} B (image data URI {imageBase64} B, schema {request.Json.GetProperty("response_format").GetRawText().Length} B); " +
            $"estimated prompt tokens {request.PromptTokens} = messages and image {messageTokens} + schema {schemaTokens}");
        // Prompt, framing and the 85-token image: small. The schema is the bulk (its item enum lists every dataset id).
        messageTokens.Should().BeLessThan(250);
        // 612 item ids (dataset 2026.12.2) estimate to about 2,650 tokens in all; the bound follows the dataset's growth
        // and is there to catch a prompt or schema that bloats. bench/README "Tokens per scan" has the measured figures.
        request.PromptTokens.Should().BeLessThan(3_000);
    }

    [Fact]
    public async Task A_rate_limit_is_thrown_as_retryable_after_exactly_one_call()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.RateLimited(), FakeOpenAiResponse.Json(MilkCarton));

        var run = () => RunAsync(Request("task-1", key, sha));

        await ShouldBeRetryableAsync(run);
        _openAi.CallCount.Should().Be(1, "the SDK must not retry: the pipeline is the one retry layer");
        CachedEntry(sha).Should().BeNull();
        (await MetricAsync("growbin_ai_calls_total", ("model", _model), ("outcome", "rate-limited"))).Should().Be(1);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_server_error_is_thrown_as_retryable_after_exactly_one_call(HttpStatusCode status)
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.ServerError(status), FakeOpenAiResponse.Json(MilkCarton));

        var run = () => RunAsync(Request("task-1", key, sha));

        await ShouldBeRetryableAsync(run);
        _openAi.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task A_model_slower_than_the_timeout_is_thrown_as_retryable_after_one_call()
    {
        Factory(timeout: "00:00:00.500");
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton).After(TimeSpan.FromSeconds(30)), FakeOpenAiResponse.Json(MilkCarton));

        var run = () => RunAsync(Request("task-1", key, sha));

        await ShouldBeRetryableAsync(run);
        _openAi.CallCount.Should().Be(1);
        (await MetricAsync("growbin_ai_calls_total", ("model", _model), ("outcome", "timeout"))).Should().Be(1);
    }

    [Fact]
    public async Task An_unreachable_model_api_is_thrown_as_retryable()
    {
        var closedPort = _openAi.Endpoint;
        await _openAi.DisposeAsync();
        _openAi = await FakeOpenAiServer.StartAsync();
        Factory(endpoint: closedPort);
        var (key, sha) = StoreImage();

        var run = () => RunAsync(Request("task-1", key, sha));

        await ShouldBeRetryableAsync(run);
        (await MetricAsync("growbin_ai_calls_total", ("model", _model), ("outcome", "network-error"))).Should().Be(1);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_request_the_api_rejects_is_a_final_ai_rejected(HttpStatusCode status)
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Failure(status, "No.", "invalid_request_error"));

        var result = await RunAsync(Request("task-1", key, sha));

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.AiRejected));
        _openAi.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task A_refusal_is_a_final_content_refused()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Refused());

        var result = await RunAsync(Request("task-1", key, sha));

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.ContentRefused));
        _openAi.CallCount.Should().Be(1);
        CachedEntry(sha).Should().BeNull();
        (await Factory().Budget.GetTodayAsync()).PromptTokens.Should().Be(_openAi.Requests[0].PromptTokens, "a refused call is still billed");
    }

    [Fact]
    public async Task A_content_filter_stop_is_a_final_content_refused()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.ContentFiltered());

        var result = await RunAsync(Request("task-1", key, sha));

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.ContentRefused));
    }

    [Fact]
    public async Task Malformed_model_json_is_retryable_once_then_final()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Completion("{\"category\": \"paper-pa"), FakeOpenAiResponse.Completion("not json at all"));

        var first = () => RunAsync(Request("task-1", key, sha));
        await ShouldBeRetryableAsync(first);
        var second = await RunAsync(Request("task-1", key, sha));

        ShouldBeRefused(second, ProblemTypes.For(ActivityFailures.AiRejected));
        _openAi.CallCount.Should().Be(2);
        (await MetricAsync("growbin_ai_calls_total", ("model", _model), ("outcome", "malformed"))).Should().Be(2);
    }

    [Fact]
    public async Task After_one_malformed_answer_a_good_one_is_used()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Completion("{}"), FakeOpenAiResponse.Json(MilkCarton));

        await ShouldBeRetryableAsync(() => RunAsync(Request("task-1", key, sha)));
        var analysis = await AnalyzeOkAsync(Request("task-1", key, sha));

        analysis.Classification.ItemId.Should().Be("milk-carton");
        _openAi.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task An_answer_cut_off_at_the_token_limit_is_malformed()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Completion("{\"category\":\"paper-pack\",\"itemId\":", finishReason: "length"));

        var run = () => RunAsync(Request("task-1", key, sha));

        await ShouldBeRetryableAsync(run);
        (await MetricAsync("growbin_ai_calls_total", ("model", _model), ("outcome", "malformed"))).Should().Be(1);
    }

    [Fact]
    public async Task A_broken_response_body_is_thrown_as_retryable()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Raw("{\"id\": \"chatcmpl-1\", \"choices\": [ {\"mess"));

        var run = () => RunAsync(Request("task-1", key, sha));

        await ShouldBeRetryableAsync(run);
        _openAi.CallCount.Should().Be(1);
        (await MetricAsync("growbin_ai_calls_total", ("model", _model), ("outcome", "bad-response"))).Should().Be(1);
    }

    [Fact]
    public async Task A_category_outside_the_dataset_is_malformed()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton with { category = "spaceship-parts" }));

        var run = () => RunAsync(Request("task-1", key, sha));

        await ShouldBeRetryableAsync(run);
    }

    [Fact]
    public async Task An_item_id_outside_the_dataset_becomes_null_and_the_rest_is_kept()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton with { itemId = "no-such-item", condition = ["contaminated", "on-fire"] }));

        var analysis = await AnalyzeOkAsync(Request("task-1", key, sha));

        analysis.Classification.ItemId.Should().BeNull();
        analysis.Classification.ItemName.Should().Be("우유팩");
        analysis.Classification.Category.Should().Be("paper-pack");
        analysis.Classification.Condition.Should().Equal(ItemConditions.Contaminated);
    }

    [Fact]
    public async Task Without_an_api_key_the_analyzer_refuses_and_calls_nothing()
    {
        // Neither configuration nor the secret store (which holds other secrets) has a key.
        Factory(apiKey: "", dapr: new InMemoryDaprClient(_storeClock).SetSecret(DaprComponents.SecretStore, "something-else", new() { ["something-else"] = "x" }));
        var (key, sha) = StoreImage();

        var result = await RunAsync(Request("task-1", key, sha));

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.AiUnavailable));
        _openAi.CallCount.Should().Be(0);
        CachedEntry(sha).Should().BeNull();
    }

    [Fact]
    public async Task The_api_key_comes_from_the_dapr_secret_store_when_configuration_has_none()
    {
        Factory(apiKey: "", dapr: new InMemoryDaprClient(_storeClock).SetSecret(
            DaprComponents.SecretStore, OpenAiOptions.ApiKeySecretName, new() { [OpenAiOptions.ApiKeySecretName] = "sk-from-secret-store" }));
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton));

        var analysis = await AnalyzeOkAsync(Request("task-1", key, sha));

        analysis.FromCache.Should().BeFalse();
        _openAi.CallCount.Should().Be(1);
        _openAi.Requests[0].Authorization.Should().Be("Bearer sk-from-secret-store");
    }

    [Fact]
    public async Task Without_an_api_key_a_cached_photo_is_still_answered()
    {
        var dapr = new InMemoryDaprClient();
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton));
        await using (var withKey = NewFactory(dapr, ApiKey))
        {
            await AnalyzeOkAsync(Request("task-1", key, sha), withKey);
        }

        var analysis = await AnalyzeOkAsync(Request("task-2", key, sha), Factory(apiKey: "", dapr: dapr));

        analysis.FromCache.Should().BeTrue();
        _openAi.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task A_spent_budget_refuses_with_ai_budget_exhausted_and_calls_nothing()
    {
        Factory(dailyCalls: 0);
        var (key, sha) = StoreImage();

        var result = await RunAsync(Request("task-1", key, sha));

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.AiBudgetExhausted));
        _openAi.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task The_call_past_the_daily_limit_is_refused_but_cached_photos_are_still_answered()
    {
        Factory(dailyCalls: 1);
        var (firstKey, firstSha) = StoreImage();
        var (secondKey, secondSha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton), FakeOpenAiResponse.Json(MilkCarton));

        await AnalyzeOkAsync(Request("task-1", firstKey, firstSha));
        var refused = await RunAsync(Request("task-2", secondKey, secondSha));
        var cached = await AnalyzeOkAsync(Request("task-3", firstKey, firstSha));

        ShouldBeRefused(refused, ProblemTypes.For(ActivityFailures.AiBudgetExhausted));
        cached.FromCache.Should().BeTrue();
        _openAi.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task A_call_adds_its_tokens_and_cost_to_the_days_budget_and_the_metrics()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton).WithUsage(promptTokens: 1_200, completionTokens: 50));

        var analysis = await AnalyzeOkAsync(Request("task-1", key, sha));

        analysis.PromptTokens.Should().Be(1_200);
        analysis.CompletionTokens.Should().Be(50);
        var expectedCost = (1_200 * 2.00m + 50 * 8.00m) / 1_000_000m;
        var usage = await Factory().Budget.GetTodayAsync();
        usage.Should().BeEquivalentTo(new { Calls = 1, PromptTokens = 1_200L, CompletionTokens = 50L, CostUsd = expectedCost });

        (await MetricAsync("growbin_ai_calls_total", ("purpose", "scan"), ("model", _model), ("outcome", "ok"))).Should().Be(1);
        (await MetricAsync("growbin_ai_tokens_total", ("purpose", "scan"), ("model", _model), ("kind", "prompt"))).Should().Be(1_200);
        (await MetricAsync("growbin_ai_tokens_total", ("purpose", "scan"), ("model", _model), ("kind", "completion"))).Should().Be(50);
        (await MetricAsync("growbin_ai_cost_usd_total", ("purpose", "scan"), ("model", _model))).Should().BeApproximately((double)expectedCost, 1e-9);
        (await MetricAsync("growbin_ai_cache_hits_total", ("model", _model))).Should().Be(0);
    }

    [Fact]
    public async Task Each_model_call_reserves_under_its_own_id_and_charges_its_usage_under_the_same_one()
    {
        var (firstKey, firstSha) = StoreImage();
        var (secondKey, secondSha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton).WithUsage(promptTokens: 100, completionTokens: 10));
        _openAi.Enqueue(FakeOpenAiResponse.Refused());

        await AnalyzeOkAsync(Request("task-1", firstKey, firstSha));
        await RunAsync(Request("task-2", secondKey, secondSha));

        // The id makes a repeat of either call (the actor router's retry after Unavailable) count once.
        var budget = Factory().Budget;
        budget.ReservationIds.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        budget.ChargedIds.Should().Equal(budget.ReservationIds, "a failed call that was billed is charged under its reservation too");
    }

    [Fact]
    public async Task A_missing_image_is_thrown_as_retryable_without_a_model_call()
    {
        Factory();
        var (_, sha) = TestImages.NewJpeg();

        var run = () => RunAsync(Request("task-1", $"images/{sha}.jpg", sha));

        await ShouldBeRetryableAsync(run);
        _openAi.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task An_image_whose_bytes_do_not_match_its_hash_is_refused_without_a_model_call()
    {
        var (key, _) = StoreImage();
        var (_, otherSha) = TestImages.NewJpeg();

        var result = await RunAsync(Request("task-1", key, otherSha));

        result.Value.Should().BeNull();
        result.Failure.Should().NotBeNull("the same bytes can never match the hash, so it is refused, not thrown for a retry");
        _openAi.CallCount.Should().Be(0);
        CachedEntry(otherSha).Should().BeNull();
    }

    [Fact]
    public async Task A_stored_object_that_is_not_an_image_is_a_final_not_an_image()
    {
        Factory();
        var text = "hello"u8.ToArray();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(text));
        _images.Put($"images/{sha}.jpg", text);

        var result = await RunAsync(Request("task-1", $"images/{sha}.jpg", sha));

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.NotAnImage));
        _openAi.CallCount.Should().Be(0);
    }

    [Theory]
    [InlineData("t", "images/x.jpg", "ABC", null, "imageSha256")]
    [InlineData(" ", "images/x.jpg", "0000000000000000000000000000000000000000000000000000000000000000", null, "taskId")]
    [InlineData("t", "", "0000000000000000000000000000000000000000000000000000000000000000", null, "imageKey")]
    [InlineData("t", "images/x.jpg", "0000000000000000000000000000000000000000000000000000000000000000", "q", "question", 501)]
    public async Task An_invalid_request_is_refused_as_invalid_naming_the_field(
        string taskId, string imageKey, string sha, string? question, string field, int questionLength = 0)
    {
        Factory();
        var request = new AnalyzeRequest(taskId, imageKey, sha, questionLength > 0 ? new string('q', questionLength) : question);

        var result = await RunAsync(request);

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.InvalidStepInput));
        result.Failure!.Detail.Should().StartWith(field + ":");
        _openAi.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task The_cache_keeps_an_answer_for_its_ttl()
    {
        var (key, sha) = StoreImage();
        _openAi.Enqueue(FakeOpenAiResponse.Json(MilkCarton));
        await AnalyzeOkAsync(Request("task-1", key, sha));

        _storeClock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        CachedEntry(sha).Should().NotBeNull();
        _storeClock.Advance(TimeSpan.FromMinutes(2));
        CachedEntry(sha).Should().BeNull();
    }

    [Fact]
    public async Task An_unreachable_budget_is_thrown_as_retryable_without_a_model_call()
    {
        var factory = Factory();
        await using var unreachable = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.RemoveAll<IAiBudget>();
            services.AddSingleton<IAiBudget, UnreachableBudget>();
        }));
        var (key, sha) = StoreImage();

        var run = () => RunAsync(unreachable.Services, Request("task-1", key, sha));

        await ShouldBeRetryableAsync(run);
        _openAi.CallCount.Should().Be(0);
    }

    [Fact]
    public void In_production_the_budget_is_todays_actor_through_the_sidecar()
    {
        using var plain = new GrowbinAppFactory<Program>();

        plain.Services.GetRequiredService<IAiBudget>().Should().BeOfType<ActorAiBudget>();
    }

    [Fact]
    public async Task The_apps_own_probes_win_over_the_actor_runtimes()
    {
        var health = await Factory().CreateClient().GetStringAsync("/healthz");

        JsonDocument.Parse(health).RootElement.GetProperty("checks").TryGetProperty("self", out _).Should().BeTrue();
        (await Factory().CreateClient().GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_app_registers_the_budget_actor_with_its_sidecar()
    {
        var config = await Factory().CreateClient().GetFromJsonAsync<JsonElement>("/dapr/config");

        Strings(config.GetProperty("entities")).Should().Contain("AiBudgetActor");
    }

    // --- helpers ---

    private sealed class UnreachableBudget : IAiBudget
    {
        public Task<BudgetDecision> TryReserveAsync(string reservationId, int calls, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused (127.0.0.1:3500)");

        public Task<AiBudgetUsage> RecordUsageAsync(string day, string reservationId, AiUsage usage, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused (127.0.0.1:3500)");

        public Task<AiBudgetUsage> GetUsageAsync(string day, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused (127.0.0.1:3500)");
    }

    private static readonly ModelReply MilkCarton = new("paper-pack", "milk-carton", "우유팩", ["paper", "plastic-film"], ["contaminated"], 0.93);

    /// <summary>The model's JSON, as the schema asks for it.</summary>
    private sealed record ModelReply(string category, string? itemId, string itemName, string[] materials, string[] condition, double confidence);

    private (string Key, string Sha256) StoreImage()
    {
        var (bytes, sha) = TestImages.NewJpeg();
        var key = $"images/{sha}.jpg";
        _images.Put(key, bytes, "image/jpeg");
        return (key, sha);
    }

    private static AnalyzeRequest Request(string taskId, string key, string sha, string? question = null) => new(taskId, key, sha, question);

    private VisionAnalyzerFactory Factory(string? apiKey = ApiKey, int dailyCalls = 100, string timeout = "00:00:10",
        Uri? endpoint = null, InMemoryDaprClient? dapr = null)
    {
        if (_factory is null)
        {
            _factory = NewFactory(dapr ?? new InMemoryDaprClient(_storeClock), apiKey, dailyCalls, timeout, endpoint);
        }

        return _factory;
    }

    private VisionAnalyzerFactory NewFactory(InMemoryDaprClient dapr, string? apiKey, int dailyCalls = 100, string timeout = "00:00:10", Uri? endpoint = null)
    {
        var factory = new VisionAnalyzerFactory(dapr);
        factory
            .WithSetting("OpenAI:Endpoint", (endpoint ?? _openAi.Endpoint).ToString())
            .WithSetting("OpenAI:ApiKey", apiKey)
            .WithSetting("OpenAI:Model", _model)
            .WithSetting("OpenAI:Timeout", timeout)
            .WithSetting("OpenAI:Pricing:InputPerMillion", "2.00")
            .WithSetting("OpenAI:Pricing:OutputPerMillion", "8.00")
            .WithSetting("AiBudget:DailyCalls", dailyCalls.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("AiBudget:DailyCostUsd", null);
        dapr.RegisterBinding(DaprComponents.Images, _images);
        return factory;
    }

    private Task<StepResult<Analysis>> RunAsync(AnalyzeRequest request) => RunAsync(Factory().Services, request);

    private static Task<StepResult<Analysis>> RunAsync(IServiceProvider services, AnalyzeRequest request) =>
        services.RunActivityAsync<AnalyzeActivity, AnalyzeRequest, StepResult<Analysis>>(request, request.TaskId);

    private async Task<Analysis> AnalyzeOkAsync(AnalyzeRequest request, VisionAnalyzerFactory? factory = null)
    {
        var result = await RunAsync((factory ?? Factory()).Services, request);
        result.Failure.Should().BeNull();
        return result.Value!;
    }

    private CachedClassification? CachedEntry(string sha)
    {
        var json = Factory().Dapr.GetStoredJson(DaprComponents.StateStore, AiResultCache.KeyFor(sha, _model, ScanPrompt.Version));
        return json is null ? null : JsonSerializer.Deserialize<CachedClassification>(json, Json);
    }

    private async Task<double> MetricAsync(string name, params (string, string)[] labels)
    {
        var text = await Factory().CreateClient().GetStringAsync("/metrics");
        return PrometheusText.Value(text, name, labels);
    }

    /// <summary>A final failure: returned as the refusal that ends the scan, so no retry is spent on it.</summary>
    private static void ShouldBeRefused(StepResult<Analysis> result, string type)
    {
        result.Value.Should().BeNull();
        result.Failure.Should().NotBeNull();
        result.Failure!.Type.Should().Be(type);
        result.Failure.Detail.Should().NotBeNullOrWhiteSpace();
    }

    /// <summary>A transient failure: thrown, for the workflow's retry policy.</summary>
    private static async Task ShouldBeRetryableAsync(Func<Task<StepResult<Analysis>>> run)
    {
        var failure = (await run.Should().ThrowAsync<AnalyzeFailure>()).Which;
        failure.IsRetryable.Should().BeTrue();
        failure.Type.Should().Be(ProblemTypes.DependencyUnavailable);
    }

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());
}
