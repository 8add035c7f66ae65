using System.Net;
using System.Net.Http.Json;
using Growbin.Ai.Budget;
using Growbin.TestSupport.Dapr;
using Growbin.VisionAnalyzer.Tests.Support;
using Microsoft.Extensions.Options;

namespace Growbin.VisionAnalyzer.Tests;

/// <summary>
/// Other apps reach the budget actor through vision-analyzer by service invocation (actor calls do not cross Kubernetes
/// namespaces): <see cref="InvokedAiBudget"/> over the Dapr double to vision-analyzer's <c>/internal/ai-budget</c>
/// routes, which use the real actor hosted in the test.
/// </summary>
public sealed class AiBudgetEndpointsTests : IAsyncLifetime
{
    private readonly InMemoryDaprClient _dapr = new();
    private VisionAnalyzerFactory _analyzer = null!;
    private InvokedAiBudget _budget = null!;

    public Task InitializeAsync()
    {
        _analyzer = new VisionAnalyzerFactory(_dapr);
        _analyzer.WithSetting("AiBudget:DailyCalls", "2");
        _dapr.RegisterApp("vision-analyzer", _analyzer.CreateClient());
        _budget = new InvokedAiBudget(_dapr, Options.Create(new AiBudgetOptions()));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _analyzer.DisposeAsync();

    [Fact]
    public async Task Reservations_usage_and_totals_go_through_the_host_to_the_one_actor_of_the_day()
    {
        var first = await _budget.TryReserveAsync("r-1", 1, CancellationToken.None);
        var charged = await _budget.RecordUsageAsync(first.Usage.Day, "r-1", new AiUsage(1_200, 80, 0.0031m), CancellationToken.None);
        var second = await _budget.TryReserveAsync("r-2", 1, CancellationToken.None);
        var third = await _budget.TryReserveAsync("r-3", 1, CancellationToken.None);
        var totals = await _budget.GetUsageAsync(first.Usage.Day, CancellationToken.None);

        first.Allowed.Should().BeTrue();
        second.Allowed.Should().BeTrue();
        third.Allowed.Should().BeFalse();
        third.Reason.Should().Contain("2");
        charged.PromptTokens.Should().Be(1_200);
        totals.Should().BeEquivalentTo(new { first.Usage.Day, Calls = 2, PromptTokens = 1_200L, CompletionTokens = 80L, CostUsd = 0.0031m, CallLimit = 2 });
        (await _analyzer.Budget.GetTodayAsync()).Calls.Should().Be(2, "the calls landed on the actor vision-analyzer hosts");
    }

    [Theory]
    [InlineData("internal/ai-budget/2026-13-01")]
    [InlineData("internal/ai-budget/yesterday")]
    public async Task A_day_that_is_not_a_utc_date_is_400(string path)
    {
        using var response = await _analyzer.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task A_reservation_outside_1_to_100_calls_is_400_and_reserves_nothing(int calls)
    {
        using var response = await _analyzer.CreateClient().PostAsJsonAsync("internal/ai-budget/reservations", new { reservationId = "r-1", calls });

        await ShouldBeValidationProblemAsync(response, "calls");
        (await _analyzer.Budget.GetTodayAsync()).Calls.Should().Be(0);
    }

    [Fact]
    public async Task Negative_usage_is_400_and_records_nothing()
    {
        var day = AiBudgetDay.Of(DateTimeOffset.UtcNow);

        using var response = await _analyzer.CreateClient().PostAsJsonAsync($"internal/ai-budget/{day}/usage",
            new { reservationId = "r-1", promptTokens = -5, completionTokens = 1, costUsd = 0 });

        await ShouldBeValidationProblemAsync(response, "usage");
        (await _analyzer.Budget.GetUsageAsync(day, CancellationToken.None)).PromptTokens.Should().Be(0);
    }

    [Fact]
    public async Task A_repeated_reservation_request_is_answered_alike_and_counted_once()
    {
        var first = await _budget.TryReserveAsync("scan-7", 1, CancellationToken.None);
        var repeat = await _budget.TryReserveAsync("scan-7", 1, CancellationToken.None);
        var other = await _budget.TryReserveAsync("scan-8", 1, CancellationToken.None);

        repeat.Should().Be(first);
        other.Allowed.Should().BeTrue("the limit is 2 and the repeat took none");
        (await _analyzer.Budget.GetTodayAsync()).Calls.Should().Be(2);
    }

    [Fact]
    public async Task A_repeated_usage_request_adds_the_cost_once()
    {
        var reserved = await _budget.TryReserveAsync("scan-7", 1, CancellationToken.None);
        var usage = new AiUsage(900, 60, 0.002m);

        var first = await _budget.RecordUsageAsync(reserved.Usage.Day, "scan-7", usage, CancellationToken.None);
        var repeat = await _budget.RecordUsageAsync(reserved.Usage.Day, "scan-7", usage, CancellationToken.None);

        repeat.Should().Be(first);
        (await _analyzer.Budget.GetTodayAsync()).Should().BeEquivalentTo(new { Calls = 1, PromptTokens = 900L, CompletionTokens = 60L, CostUsd = 0.002m });
    }

    [Theory]
    [InlineData("""{"reservationId":"","calls":1}""")]
    [InlineData("""{"reservationId":"not/an/id","calls":1}""")]
    public async Task A_reservation_without_a_usable_id_is_400_and_reserves_nothing(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _analyzer.CreateClient().PostAsync("internal/ai-budget/reservations", content);

        await ShouldBeValidationProblemAsync(response, "reservationId");
        (await _analyzer.Budget.GetTodayAsync()).Calls.Should().Be(0);
        _analyzer.Budget.Days.Should().ContainSingle("only the check above activated the day");
    }

    [Fact]
    public async Task A_reservation_that_names_no_id_is_a_400_problem_and_reaches_no_actor()
    {
        using var response = await _analyzer.CreateClient().PostAsJsonAsync("internal/ai-budget/reservations", new { calls = 1 });

        await ShouldBeUnreadableProblemAsync(response, "reservationId");
        _analyzer.Budget.Days.Should().BeEmpty("no actor was reached");
    }

    [Fact]
    public async Task Usage_without_a_usable_reservation_id_is_400_and_records_nothing()
    {
        var day = AiBudgetDay.Of(DateTimeOffset.UtcNow);

        using var missing = await _analyzer.CreateClient().PostAsJsonAsync($"internal/ai-budget/{day}/usage",
            new { promptTokens = 5, completionTokens = 1, costUsd = 0.001m });
        using var invalid = await _analyzer.CreateClient().PostAsJsonAsync($"internal/ai-budget/{day}/usage",
            new { reservationId = "a b", promptTokens = 5, completionTokens = 1, costUsd = 0.001m });

        await ShouldBeUnreadableProblemAsync(missing, "reservationId");
        await ShouldBeValidationProblemAsync(invalid, "reservationId");
        _analyzer.Budget.Days.Should().BeEmpty("no actor was reached");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem_and_reserves_nothing()
    {
        using var content = new StringContent("calls=1", System.Text.Encoding.UTF8, "application/json");
        using var response = await _analyzer.CreateClient().PostAsync("internal/ai-budget/reservations", content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        _analyzer.Budget.Days.Should().BeEmpty("no actor was reached");
    }

    [Fact]
    public async Task With_an_app_token_only_the_sidecar_reaches_the_budget()
    {
        var dapr = new InMemoryDaprClient();
        await using var analyzer = new VisionAnalyzerFactory(dapr);
        analyzer.WithSetting("APP_API_TOKEN", "sidecar-secret");
        dapr.RegisterApp("vision-analyzer", analyzer.CreateClient(), appToken: "sidecar-secret");
        var budget = new InvokedAiBudget(dapr, Options.Create(new AiBudgetOptions()));

        var decision = await budget.TryReserveAsync("r-1", 1, CancellationToken.None);
        using var direct = await analyzer.CreateClient().PostAsJsonAsync("internal/ai-budget/reservations", new { reservationId = "r-2", calls = 1 });

        decision.Allowed.Should().BeTrue();
        direct.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a caller without the sidecar's token reserves nothing");
        (await analyzer.Budget.GetTodayAsync()).Calls.Should().Be(1);
    }

    [Fact]
    public async Task An_unreachable_host_is_an_http_request_exception()
    {
        var elsewhere = new InvokedAiBudget(_dapr, Options.Create(new AiBudgetOptions { HostAppId = "nobody" }));

        var reserve = () => elsewhere.TryReserveAsync("r-1", 1, CancellationToken.None);

        await reserve.Should().ThrowAsync<HttpRequestException>();
    }

    /// <summary>A body the JSON binder refuses (a required property missing): ServiceDefaults' 400 ProblemDetails naming it.</summary>
    private static async Task ShouldBeUnreadableProblemAsync(HttpResponseMessage response, string property)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain($"'{property}'");
    }

    private static async Task ShouldBeValidationProblemAsync(HttpResponseMessage response, string field)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        (problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _)).Should().BeTrue(problem.ToString());
    }
}
