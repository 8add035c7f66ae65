using Growbin.Ai.Budget;
using Growbin.TestSupport.Actors;
using Growbin.TestSupport.Ai;
using Growbin.TestSupport.Dapr;
using Growbin.VisionAnalyzer.Tests.Support;
using Microsoft.Extensions.Options;

namespace Growbin.VisionAnalyzer.Tests;

public sealed class AiBudgetActorTests
{
    private const string Day = "2030-01-01";

    [Fact]
    public async Task Calls_are_reserved_up_to_the_daily_limit_and_refused_past_it()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 2);

        var first = await host.InvokeAsync(actor, a => a.TryReserveAsync(1));
        var second = await host.InvokeAsync(actor, a => a.TryReserveAsync(1));
        var third = await host.InvokeAsync(actor, a => a.TryReserveAsync(1));

        first.Allowed.Should().BeTrue();
        second.Allowed.Should().BeTrue();
        second.Usage.Calls.Should().Be(2);
        third.Allowed.Should().BeFalse();
        third.Reason.Should().Contain("2");
        third.Usage.Calls.Should().Be(2, "a refused reservation counts nothing");
        third.Usage.CallLimit.Should().Be(2);
    }

    [Fact]
    public async Task A_reservation_that_does_not_fit_whole_is_refused_whole()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 3);
        await host.InvokeAsync(actor, a => a.TryReserveAsync(2));

        var decision = await host.InvokeAsync(actor, a => a.TryReserveAsync(2));

        decision.Allowed.Should().BeFalse();
        (await host.InvokeAsync(actor, a => a.GetAsync())).Calls.Should().Be(2);
    }

    [Fact]
    public async Task A_limit_of_zero_refuses_every_call()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 0);

        (await host.InvokeAsync(actor, a => a.TryReserveAsync(1))).Allowed.Should().BeFalse();
    }

    [Fact]
    public async Task Recorded_usage_adds_up_and_the_cost_limit_refuses_once_reached()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 100, dailyCostUsd: 0.01m);
        await host.InvokeAsync(actor, a => a.TryReserveAsync(1));
        await host.InvokeAsync(actor, a => a.RecordUsageAsync(new AiUsage(1_000, 40, 0.006m)));
        await host.InvokeAsync(actor, a => a.TryReserveAsync(1));
        var totals = await host.InvokeAsync(actor, a => a.RecordUsageAsync(new AiUsage(1_100, 60, 0.005m)));

        var decision = await host.InvokeAsync(actor, a => a.TryReserveAsync(1));

        totals.Should().Be(new AiBudgetUsage(Day, 2, 2_100, 100, 0.011m, 100, 0.01m));
        decision.Allowed.Should().BeFalse();
        decision.Reason.Should().Contain("cost");
    }

    [Fact]
    public async Task The_usage_survives_a_reactivation()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 2);
        await host.InvokeAsync(actor, a => a.TryReserveAsync(1));
        await host.InvokeAsync(actor, a => a.RecordUsageAsync(new AiUsage(900, 30, 0.002m)));

        var reactivated = host.SimulateReactivation();
        var fresh = await reactivated.ActivateAsync(h => new AiBudgetActor(h, Limits(2, null)));

        var usage = await reactivated.InvokeAsync(fresh, a => a.GetAsync());
        usage.Calls.Should().Be(1);
        usage.PromptTokens.Should().Be(900);
        reactivated.State.SavedStateNames.Should().Equal(AiBudgetActor.StateName);
        (await reactivated.InvokeAsync(fresh, a => a.TryReserveAsync(1))).Allowed.Should().BeTrue();
        (await reactivated.InvokeAsync(fresh, a => a.TryReserveAsync(1))).Allowed.Should().BeFalse();
    }

    [Fact]
    public async Task Each_day_is_its_own_actor_with_a_fresh_budget()
    {
        var (today, todayActor) = await ActivateAsync("2030-01-01", dailyCalls: 1);
        var (tomorrow, tomorrowActor) = await ActivateAsync("2030-01-02", dailyCalls: 1);
        await today.InvokeAsync(todayActor, a => a.TryReserveAsync(1));

        (await today.InvokeAsync(todayActor, a => a.TryReserveAsync(1))).Allowed.Should().BeFalse();
        var next = await tomorrow.InvokeAsync(tomorrowActor, a => a.TryReserveAsync(1));
        next.Allowed.Should().BeTrue();
        next.Usage.Day.Should().Be("2030-01-02");
    }

    [Fact]
    public async Task The_budget_moves_to_a_new_actor_at_utc_midnight()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 23, 59, 0, TimeSpan.Zero));
        var budget = new InProcessAiBudget(Limits(1, null), clock);
        var before = await budget.TryReserveAsync(1, CancellationToken.None);
        (await budget.TryReserveAsync(1, CancellationToken.None)).Allowed.Should().BeFalse();

        clock.Advance(TimeSpan.FromMinutes(2));
        var after = await budget.TryReserveAsync(1, CancellationToken.None);

        before.Usage.Day.Should().Be("2030-01-01");
        after.Allowed.Should().BeTrue();
        after.Usage.Day.Should().Be("2030-01-02");
        budget.Days.Should().BeEquivalentTo("2030-01-01", "2030-01-02");
    }

    [Fact]
    public async Task A_days_totals_can_be_read_and_a_day_without_calls_has_none()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        IAiBudget budget = new InProcessAiBudget(Limits(10, 5m), clock);
        var reserved = await budget.TryReserveAsync(2, CancellationToken.None);
        await budget.RecordUsageAsync(reserved.Usage.Day, new AiUsage(1_000, 50, 0.0024m), CancellationToken.None);

        var today = await budget.GetUsageAsync("2030-01-01", CancellationToken.None);
        var yesterday = await budget.GetUsageAsync("2029-12-31", CancellationToken.None);

        today.Should().Be(new AiBudgetUsage("2030-01-01", 2, 1_000, 50, 0.0024m, 10, 5m));
        yesterday.Should().Be(new AiBudgetUsage("2029-12-31", 0, 0, 0, 0m, 10, 5m));
    }

    [Fact]
    public void The_day_is_the_utc_date()
    {
        // 08:00 in Seoul on New Year's Day is still the last day of the year in UTC.
        AiBudgetDay.Of(new DateTimeOffset(2030, 1, 1, 8, 0, 0, TimeSpan.FromHours(9))).Should().Be("2029-12-31");
    }

    [Fact]
    public async Task A_non_positive_reservation_is_a_programming_error()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 5);

        await host.Invoking(h => h.InvokeAsync(actor, a => a.TryReserveAsync(0))).Should().ThrowAsync<ArgumentOutOfRangeException>();
        host.State.SavedStateNames.Should().BeEmpty();
    }

    private static async Task<(ActorTestHost Host, AiBudgetActor Actor)> ActivateAsync(string day, int dailyCalls, decimal? dailyCostUsd = null)
    {
        var host = ActorTestHost.Create<AiBudgetActor>(day);
        var actor = await host.ActivateAsync(h => new AiBudgetActor(h, Limits(dailyCalls, dailyCostUsd)));
        return (host, actor);
    }

    private static IOptionsMonitor<AiBudgetOptions> Limits(int dailyCalls, decimal? dailyCostUsd) =>
        new StaticOptionsMonitor(new AiBudgetOptions { DailyCalls = dailyCalls, DailyCostUsd = dailyCostUsd });

    private sealed class StaticOptionsMonitor(AiBudgetOptions value) : IOptionsMonitor<AiBudgetOptions>
    {
        public AiBudgetOptions CurrentValue => value;

        public AiBudgetOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AiBudgetOptions, string?> listener) => null;
    }
}
