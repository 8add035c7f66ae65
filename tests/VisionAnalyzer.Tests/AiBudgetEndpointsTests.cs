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
        var first = await _budget.TryReserveAsync(1, CancellationToken.None);
        await _budget.RecordUsageAsync(first.Usage.Day, new AiUsage(1_200, 80, 0.0031m), CancellationToken.None);
        var second = await _budget.TryReserveAsync(1, CancellationToken.None);
        var third = await _budget.TryReserveAsync(1, CancellationToken.None);
        var totals = await _budget.GetUsageAsync(first.Usage.Day, CancellationToken.None);

        first.Allowed.Should().BeTrue();
        second.Allowed.Should().BeTrue();
        third.Allowed.Should().BeFalse();
        third.Reason.Should().Contain("2");
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
        using var response = await _analyzer.CreateClient().PostAsJsonAsync("internal/ai-budget/reservations", new { calls });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _analyzer.Budget.GetTodayAsync()).Calls.Should().Be(0);
    }

    [Fact]
    public async Task Negative_usage_is_400_and_records_nothing()
    {
        var day = AiBudgetDay.Of(DateTimeOffset.UtcNow);

        using var response = await _analyzer.CreateClient().PostAsJsonAsync($"internal/ai-budget/{day}/usage",
            new { promptTokens = -5, completionTokens = 1, costUsd = 0 });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _analyzer.Budget.GetUsageAsync(day, CancellationToken.None)).PromptTokens.Should().Be(0);
    }

    [Fact]
    public async Task With_an_app_token_only_the_sidecar_reaches_the_budget()
    {
        var dapr = new InMemoryDaprClient();
        await using var analyzer = new VisionAnalyzerFactory(dapr);
        analyzer.WithSetting("APP_API_TOKEN", "sidecar-secret");
        dapr.RegisterApp("vision-analyzer", analyzer.CreateClient(), appToken: "sidecar-secret");
        var budget = new InvokedAiBudget(dapr, Options.Create(new AiBudgetOptions()));

        var decision = await budget.TryReserveAsync(1, CancellationToken.None);
        using var direct = await analyzer.CreateClient().PostAsJsonAsync("internal/ai-budget/reservations", new { calls = 1 });

        decision.Allowed.Should().BeTrue();
        direct.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a caller without the sidecar's token reserves nothing");
        (await analyzer.Budget.GetTodayAsync()).Calls.Should().Be(1);
    }

    [Fact]
    public async Task An_unreachable_host_is_an_http_request_exception()
    {
        var elsewhere = new InvokedAiBudget(_dapr, Options.Create(new AiBudgetOptions { HostAppId = "nobody" }));

        var reserve = () => elsewhere.TryReserveAsync(1, CancellationToken.None);

        await reserve.Should().ThrowAsync<HttpRequestException>();
    }
}
