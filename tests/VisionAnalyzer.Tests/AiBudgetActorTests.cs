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

        var first = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1)));
        var second = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1)));
        var third = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1)));

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
        await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(2)));

        var decision = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(2)));

        decision.Allowed.Should().BeFalse();
        (await host.InvokeAsync(actor, a => a.GetAsync())).Calls.Should().Be(2);
    }

    [Fact]
    public async Task A_limit_of_zero_refuses_every_call()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 0);

        (await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1)))).Allowed.Should().BeFalse();
    }

    [Fact]
    public async Task Recorded_usage_adds_up_and_the_cost_limit_refuses_once_reached()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 100, dailyCostUsd: 0.01m);
        await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1)));
        await host.InvokeAsync(actor, a => a.RecordUsageAsync(Charge(new AiUsage(1_000, 40, 0.006m))));
        await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1)));
        var totals = await host.InvokeAsync(actor, a => a.RecordUsageAsync(Charge(new AiUsage(1_100, 60, 0.005m))));

        var decision = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1)));

        totals.Should().Be(new AiBudgetUsage(Day, 2, 2_100, 100, 0.011m, 100, 0.01m));
        decision.Allowed.Should().BeFalse();
        decision.Reason.Should().Contain("cost");
    }

    [Fact]
    public async Task The_usage_survives_a_reactivation()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 2);
        await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1)));
        await host.InvokeAsync(actor, a => a.RecordUsageAsync(Charge(new AiUsage(900, 30, 0.002m))));

        var reactivated = host.SimulateReactivation();
        var fresh = await reactivated.ActivateAsync(h => new AiBudgetActor(h, Limits(2, null)));

        var usage = await reactivated.InvokeAsync(fresh, a => a.GetAsync());
        usage.Calls.Should().Be(1);
        usage.PromptTokens.Should().Be(900);
        reactivated.State.SavedStateNames.Should().Equal(AiBudgetActor.StateName);
        (await reactivated.InvokeAsync(fresh, a => a.TryReserveAsync(Reserve(1)))).Allowed.Should().BeTrue();
        (await reactivated.InvokeAsync(fresh, a => a.TryReserveAsync(Reserve(1)))).Allowed.Should().BeFalse();
    }

    [Fact]
    public async Task Each_day_is_its_own_actor_with_a_fresh_budget()
    {
        var (today, todayActor) = await ActivateAsync("2030-01-01", dailyCalls: 1);
        var (tomorrow, tomorrowActor) = await ActivateAsync("2030-01-02", dailyCalls: 1);
        await today.InvokeAsync(todayActor, a => a.TryReserveAsync(Reserve(1)));

        (await today.InvokeAsync(todayActor, a => a.TryReserveAsync(Reserve(1)))).Allowed.Should().BeFalse();
        var next = await tomorrow.InvokeAsync(tomorrowActor, a => a.TryReserveAsync(Reserve(1)));
        next.Allowed.Should().BeTrue();
        next.Usage.Day.Should().Be("2030-01-02");
    }

    [Fact]
    public async Task The_budget_moves_to_a_new_actor_at_utc_midnight()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 23, 59, 0, TimeSpan.Zero));
        var budget = new InProcessAiBudget(Limits(1, null), clock);
        var before = await budget.TryReserveAsync(AiBudgetReservation.NewId(), 1, CancellationToken.None);
        (await budget.TryReserveAsync(AiBudgetReservation.NewId(), 1, CancellationToken.None)).Allowed.Should().BeFalse();

        clock.Advance(TimeSpan.FromMinutes(2));
        var after = await budget.TryReserveAsync(AiBudgetReservation.NewId(), 1, CancellationToken.None);

        before.Usage.Day.Should().Be("2030-01-01");
        after.Allowed.Should().BeTrue();
        after.Usage.Day.Should().Be("2030-01-02");
        budget.Days.Should().BeEquivalentTo("2030-01-01", "2030-01-02");
    }

    [Fact]
    public async Task Every_save_keeps_the_day_for_three_more_days_and_then_redis_drops_it()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var budget = new InProcessAiBudget(Limits(10, null), clock);
        await budget.TryReserveAsync("r-1", 1, CancellationToken.None);
        budget.SavedStates().Should().ContainSingle().Which.Should().Be(("2030-01-01", AiBudgetActor.StateName, (TimeSpan?)AiBudgetActor.StateTtl));

        clock.Advance(TimeSpan.FromHours(13)); // the charge of a call made before midnight lands the next day
        await budget.RecordUsageAsync("2030-01-01", "r-1", new AiUsage(100, 10, 0.001m), CancellationToken.None);
        budget.SavedStates().Single().Ttl.Should().Be(AiBudgetActor.StateTtl, "each save restarts the TTL");

        clock.Advance(AiBudgetActor.StateTtl);
        budget.SavedStates().Should().BeEmpty("no key per day stays in Redis for ever");
    }

    [Fact]
    public async Task A_days_totals_can_be_read_and_a_day_without_calls_has_none()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        IAiBudget budget = new InProcessAiBudget(Limits(10, 5m), clock);
        var reserved = await budget.TryReserveAsync(AiBudgetReservation.NewId(), 2, CancellationToken.None);
        await budget.RecordUsageAsync(reserved.Usage.Day, "r-1", new AiUsage(1_000, 50, 0.0024m), CancellationToken.None);

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

        await host.Invoking(h => h.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(0)))).Should().ThrowAsync<ArgumentOutOfRangeException>();
        host.State.SavedStateNames.Should().BeEmpty();
    }

    // --- safe to run twice: the actor router calls again after Unavailable (dapr/dapr pkg/actors/router/router.go) ---

    [Fact]
    public async Task A_repeated_reservation_is_granted_again_and_counted_once()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 2);

        var first = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-1")));
        var repeat = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-1")));
        var other = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "chat-1")));

        first.Allowed.Should().BeTrue();
        repeat.Should().Be(first, "the repeat answers as the first did, with the same totals");
        other.Allowed.Should().BeTrue("the repeat took no call of the two");
        other.Usage.Calls.Should().Be(2);
    }

    [Fact]
    public async Task A_repeat_of_a_granted_reservation_is_granted_even_once_the_day_is_full()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 1);
        await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-1")));
        (await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-2")))).Allowed.Should().BeFalse();

        var repeat = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-1")));

        repeat.Allowed.Should().BeTrue("its caller was granted the call the first time");
        repeat.Usage.Calls.Should().Be(1);
    }

    [Fact]
    public async Task A_repeat_of_a_refused_reservation_is_refused_and_counts_nothing()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 1);
        await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-1")));

        var first = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-2")));
        var repeat = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-2")));

        repeat.Should().Be(first);
        repeat.Allowed.Should().BeFalse();
        (await host.InvokeAsync(actor, a => a.GetAsync())).Calls.Should().Be(1);
    }

    [Fact]
    public async Task A_repeated_usage_record_adds_the_cost_once()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 10);
        await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-1")));

        var first = await host.InvokeAsync(actor, a => a.RecordUsageAsync(Charge(new AiUsage(1_000, 40, 0.006m), "scan-1")));
        var repeat = await host.InvokeAsync(actor, a => a.RecordUsageAsync(Charge(new AiUsage(1_000, 40, 0.006m), "scan-1")));
        var other = await host.InvokeAsync(actor, a => a.RecordUsageAsync(Charge(new AiUsage(10, 1, 0.001m), "scan-2")));

        repeat.Should().Be(first);
        first.Should().Be(new AiBudgetUsage(Day, 1, 1_000, 40, 0.006m, 10, null));
        other.Should().Be(new AiBudgetUsage(Day, 1, 1_010, 41, 0.007m, 10, null));
    }

    [Fact]
    public async Task A_repeat_after_a_reactivation_is_still_recognised()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 5);
        await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-1")));
        await host.InvokeAsync(actor, a => a.RecordUsageAsync(Charge(new AiUsage(100, 10, 0.001m), "scan-1")));

        var reactivated = host.SimulateReactivation();
        var fresh = await reactivated.ActivateAsync(h => new AiBudgetActor(h, Limits(5, null)));
        await reactivated.InvokeAsync(fresh, a => a.TryReserveAsync(Reserve(1, "scan-1")));
        var totals = await reactivated.InvokeAsync(fresh, a => a.RecordUsageAsync(Charge(new AiUsage(100, 10, 0.001m), "scan-1")));

        totals.Should().Be(new AiBudgetUsage(Day, 1, 100, 10, 0.001m, 5, null));
    }

    [Fact]
    public async Task A_failed_turn_remembers_nothing_so_its_retry_counts()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 5);
        host.State.SeedSavedState(AiBudgetActor.StateName, new { calls = 1, promptTokens = 0, completionTokens = 0, costUsd = 0m });

        // The state manager saves only when the turn succeeds; a turn that throws after the reservation leaves nothing.
        var failing = () => host.InvokeAsync(actor, async a =>
        {
            await a.TryReserveAsync(Reserve(1, "scan-1"));
            throw new TimeoutException("the sidecar went away before the state was saved");
        });
        await failing.Should().ThrowAsync<TimeoutException>();
        var retried = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-1")));

        retried.Allowed.Should().BeTrue();
        retried.Usage.Calls.Should().Be(2, "the first attempt's count was never saved, the retry's is");
    }

    [Fact]
    public async Task State_saved_before_operation_ids_existed_is_read_as_having_none()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 5);
        host.State.SeedSavedState(AiBudgetActor.StateName, new { calls = 3, promptTokens = 70L, completionTokens = 7L, costUsd = 0.01m });

        var decision = await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-1")));

        decision.Usage.Should().Be(new AiBudgetUsage(Day, 4, 70, 7, 0.01m, 5, null));
    }

    [Fact]
    public async Task Only_the_newest_ids_are_kept_so_the_state_stays_bounded()
    {
        var limit = AiBudgetActor.RememberedOperations;
        var (host, actor) = await ActivateAsync(Day, dailyCalls: limit + 10);
        for (var i = 0; i <= limit; i++)
        {
            var id = $"scan-{i}";
            await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, id)));
            await host.InvokeAsync(actor, a => a.RecordUsageAsync(Charge(new AiUsage(1, 0, 0m), id)));
        }

        using var saved = System.Text.Json.JsonDocument.Parse(host.State.GetSavedJson(AiBudgetActor.StateName)!);
        var reserved = saved.RootElement.GetProperty("reserved").EnumerateArray().Select(e => e.GetString()).ToList();
        var charged = saved.RootElement.GetProperty("charged").EnumerateArray().Select(e => e.GetString()).ToList();
        reserved.Should().HaveCount(limit).And.NotContain("scan-0").And.EndWith($"scan-{limit}");
        charged.Should().HaveCount(limit).And.NotContain("scan-0").And.StartWith("scan-1");
        (await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-1")))).Usage.Calls.Should().Be(limit + 1);
        (await host.InvokeAsync(actor, a => a.TryReserveAsync(Reserve(1, "scan-0")))).Usage.Calls.Should().Be(limit + 2,
            "an id older than the newest thousand is forgotten");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task An_operation_without_a_usable_id_is_a_programming_error_and_saves_nothing(string? id)
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 5);

        await host.Invoking(h => h.InvokeAsync(actor, a => a.TryReserveAsync(new AiBudgetReservation(id, 1))))
            .Should().ThrowAsync<ArgumentException>();
        await host.Invoking(h => h.InvokeAsync(actor, a => a.RecordUsageAsync(new AiBudgetCharge(id, 1, 1, 0m))))
            .Should().ThrowAsync<ArgumentException>();
        host.State.SavedStateNames.Should().BeEmpty();
    }

    [Fact]
    public async Task Negative_usage_is_a_programming_error_and_saves_nothing()
    {
        var (host, actor) = await ActivateAsync(Day, dailyCalls: 5);

        await host.Invoking(h => h.InvokeAsync(actor, a => a.RecordUsageAsync(new AiBudgetCharge("scan-1", -1, 0, 0m))))
            .Should().ThrowAsync<ArgumentOutOfRangeException>();
        host.State.SavedStateNames.Should().BeEmpty();
    }

    private static AiBudgetReservation Reserve(int calls, string? id = null) => new(id ?? AiBudgetReservation.NewId(), calls);

    private static AiBudgetCharge Charge(AiUsage usage, string? id = null) => AiBudgetCharge.For(id ?? AiBudgetReservation.NewId(), usage);

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
