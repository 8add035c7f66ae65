using Growbin.Ai.Budget;
using Growbin.TestSupport.Dapr;
using Microsoft.Extensions.Options;

namespace Growbin.VisionAnalyzer.Tests;

/// <summary>
/// <see cref="InvokedAiBudget"/> waits <see cref="AiBudgetOptions.CallTimeout"/> for the host, then fails like any
/// unreachable budget (<see cref="HttpRequestException"/>), which callers already treat as "no budget". The callers'
/// sidecars time the same call out no sooner (tests/Consistency.Tests ServiceInvocationTimeoutTests).
/// </summary>
public sealed class AiBudgetCallTimeoutTests : IDisposable
{
    private const string StalledHost = "stalled-host";

    private readonly InMemoryDaprClient _dapr = new();

    public AiBudgetCallTimeoutTests() =>
        _dapr.RegisterApp(StalledHost, new HttpClient(new NeverAnswers()) { BaseAddress = new Uri($"http://{StalledHost}/") });

    public void Dispose() => _dapr.Dispose();

    public static TheoryData<string> Calls => new() { "reserve", "record", "read" };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_host_that_does_not_answer_in_time_is_an_unreachable_budget(string call)
    {
        var budget = Budget(TimeSpan.FromMilliseconds(50));

        var act = () => Call(budget, call, CancellationToken.None);

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().Contain(StalledHost).And.Contain("did not answer");
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        var budget = Budget(TimeSpan.FromMinutes(5));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => budget.TryReserveAsync("r-1", 1, cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void The_default_wait_is_five_seconds()
    {
        new AiBudgetOptions().CallTimeout.Should().Be(TimeSpan.FromSeconds(5));
    }

    private InvokedAiBudget Budget(TimeSpan callTimeout) =>
        new(_dapr, Options.Create(new AiBudgetOptions { HostAppId = StalledHost, CallTimeout = callTimeout }));

    private static Task Call(InvokedAiBudget budget, string call, CancellationToken cancellationToken) => call switch
    {
        "reserve" => budget.TryReserveAsync("r-1", 1, cancellationToken),
        "record" => budget.RecordUsageAsync("2026-01-01", "r-1", new AiUsage(1, 1, 0m), cancellationToken),
        _ => budget.GetUsageAsync("2026-01-01", cancellationToken),
    };

    /// <summary>A host that takes the request and never answers until the request is cancelled.</summary>
    private sealed class NeverAnswers : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
